"""kernel.formviews.form_page through real staff pages: the new-template page of crises (its
service refuses with a ValidationError) and the cancel page of conferences (its service refuses
with a kernel Refusal)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference
from crises.forms import TemplateForm
from crises.models import StatementTemplate
from kernel.formviews import form_page
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db

TEMPLATE_DATA = {
    "title": "Gangguan air bersih",
    "scenario": "service_outage",
    "body": "<p>Air bersih terganggu di [WILAYAH].</p>",
}


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def nothing_saved():
    return (
        not StatementTemplate.objects.exists()
        and not AuditEntry.objects.filter(action="statement_template.create").exists()
    )


def test_get_renders_the_empty_form(client, staf):
    client.force_login(staf)
    response = client.get(reverse("staff_crises:template_create"))
    assert response.status_code == 200
    assert "crises/template_form.html" in [t.name for t in response.templates]
    form = response.context["form"]
    assert isinstance(form, TemplateForm) and not form.is_bound
    assert response.context["template_obj"] is None  # the view's own context reaches the page


def test_valid_post_calls_the_service_says_so_and_redirects(client, staf):
    client.force_login(staf)
    response = client.post(reverse("staff_crises:template_create"), TEMPLATE_DATA)
    template = StatementTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_crises:template_detail", args=[template.pk])
    assert template.edited_by == staf and template.status == StatementTemplate.Status.DRAFT
    assert AuditEntry.objects.filter(action="statement_template.create", object_id=str(template.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Templat disimpan sebagai draf; minta persetujuan Sekretaris Pers." in page


def test_invalid_post_shows_the_errors_and_never_calls_the_service(client, staf):
    client.force_login(staf)
    response = client.post(reverse("staff_crises:template_create"), {**TEMPLATE_DATA, "title": ""})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "Periksa kembali isian" in response.content.decode()
    assert nothing_saved()
    assert flashed(response) == []


def test_a_validation_error_from_the_service_is_shown_on_the_form_not_a_500(client, staf):
    client.force_login(staf)
    # The form accepts it; the service sanitises it to nothing and refuses.
    data = {**TEMPLATE_DATA, "body": "<script>alert(1)</script>"}
    response = client.post(reverse("staff_crises:template_create"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Isi templat tidak boleh kosong."]
    page = response.content.decode()
    assert "Isi templat tidak boleh kosong." in page
    assert 'value="Gangguan air bersih"' in page  # the user's input is still there to correct
    assert nothing_saved()
    assert flashed(response) == []


def test_an_app_error_class_is_shown_by_its_text(client, staf, sekretaris):
    from conferences import services

    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    conference = services.conference_create(
        actor=staf,
        data={
            "title": "Konferensi Pers Festival Budaya",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": "Ruang Rapat Utama Balai Kota",
            "reminder_hours": 24,
        },
    )
    client.force_login(sekretaris)
    # C1 control characters only (pasted from old systems): the form and the hostile-input check let
    # them through, the service strips them to nothing and refuses.
    response = client.post(reverse("staff_conferences:cancel", args=[conference.pk]), {"reason": "\x9a\x9b"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Alasan pembatalan wajib diisi."]
    assert "Alasan pembatalan wajib diisi." in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Conference.Status.PLANNED
    assert not AuditEntry.objects.filter(action="conference.cancel").exists()


def test_an_error_naming_a_field_the_form_lacks_goes_above_the_form(staf):
    # A model's full_clean() can name any model field; add_error() would raise on an unknown one.
    request = RequestFactory().post("/", TEMPLATE_DATA)
    request.user = staf
    form = TemplateForm(request.POST)

    def save(data):
        raise ValidationError({"review_date": ["Tanggal tinjau ulang tidak sah."]})

    response = form_page(request, form, save, success="-", template="humas/form_errors.html")
    assert response.status_code == 200
    assert form.non_field_errors() == ["Tanggal tinjau ulang tidak sah."]
