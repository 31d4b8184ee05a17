"""Crises as tried by their users: a statement from the template dropdown with the editor left
empty, and closing an incident that still has loose ends (issue 17)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crises.models import Incident, Statement
from crises.services import incident_resolve, inquiry_create, statement_draft
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db

# What CKEditor 5 posts when nothing was typed.
EDITOR_EMPTY = ["<p>&nbsp;</p>", "<p><br></p>", "  \n", "<p> </p><p>&nbsp;</p>"]


@pytest.mark.parametrize("empty", EDITOR_EMPTY)
def test_statement_from_template_with_editor_empty_body_takes_the_template_text(
    client, staf, open_incident, approved_template, empty
):
    incident = open_incident()
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:statement_create", args=[incident.pk]),
        {"template": approved_template.pk, "title": "Pernyataan Resmi: Banjir", "body": empty},
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.body == approved_template.body
    assert "[WILAYAH]" in statement.body


def test_editor_empty_body_without_template_is_refused(client, staf, open_incident):
    incident = open_incident()
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:statement_create", args=[incident.pk]),
        {"template": "", "title": "Pernyataan Resmi", "body": "<p>&nbsp;</p>"},
    )
    assert response.status_code == 200
    assert "Tulis isinya atau pilih templat." in response.content.decode()
    assert not Statement.objects.exists()
    with pytest.raises(Refusal):
        statement_draft(actor=staf, incident=incident, title="x", body="<p>&nbsp;</p>")


REVIEW = {"what_happened": "Server mati", "what_worked": "Tim sigap", "follow_ups": "Genset"}


def _overdue_inquiry(staf, incident):
    return inquiry_create(
        actor=staf,
        data={
            "incident": incident,
            "journalist_name": "Rina & Co",
            "outlet_name": "Harian <Pagi>",
            "question": "Kapan layanan pulih?",
            "deadline": timezone.now() - timedelta(hours=1),
            "channel": "phone",
        },
    )


def test_resolve_with_open_overdue_inquiry_warns_and_needs_confirmation(
    client, staf, sekretaris, open_incident
):
    incident = open_incident()
    inquiry = _overdue_inquiry(staf, incident)
    client.force_login(sekretaris)
    url = reverse("staff_crises:resolve", args=[incident.pk])

    page = client.get(url).content.decode()
    assert 'data-testid="loose-ends"' in page
    assert reverse("staff_crises:inquiry_edit", args=[inquiry.pk]) in page
    assert "Rina &amp; Co (Harian &lt;Pagi&gt;)" in page  # escaped once, as typed
    assert "Lewat tenggat" in page
    assert 'name="confirm_loose_ends"' in page

    response = client.post(url, REVIEW)
    assert response.status_code == 200
    assert "Tetap selesaikan" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status != Incident.Status.RESOLVED

    response = client.post(url, {**REVIEW, "confirm_loose_ends": "on"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESOLVED


def test_resolve_with_unreleased_statement_is_refused_server_side(
    staf, sekretaris, open_incident, approved_template
):
    incident = open_incident()
    draft = statement_draft(
        actor=staf, incident=incident, title="Pernyataan awal", template=approved_template
    )
    with pytest.raises(Refusal) as refused:
        incident_resolve(actor=sekretaris, incident=incident, **REVIEW)
    assert refused.value.code == "loose_ends" and refused.value.field == "confirm_loose_ends"
    incident.refresh_from_db()
    assert incident.status != Incident.Status.RESOLVED
    incident_resolve(actor=sekretaris, incident=incident, confirm_loose_ends=True, **REVIEW)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESOLVED
    assert draft.pk in [s.pk for s in Statement.objects.filter(incident=incident)]


def test_resolve_page_lists_unreleased_statement_with_link(
    client, staf, sekretaris, open_incident, approved_template
):
    incident = open_incident()
    draft = statement_draft(
        actor=staf, incident=incident, title="Pernyataan A & B", template=approved_template
    )
    client.force_login(sekretaris)
    page = client.get(reverse("staff_crises:resolve", args=[incident.pk])).content.decode()
    assert reverse("staff_crises:statement_detail", args=[draft.pk]) in page
    assert "Pernyataan A &amp; B" in page and "&amp;amp;" not in page


def test_resolve_without_loose_ends_needs_no_confirmation(client, sekretaris, open_incident):
    incident = open_incident()
    client.force_login(sekretaris)
    url = reverse("staff_crises:resolve", args=[incident.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="loose-ends"' not in page and "confirm_loose_ends" not in page
    assert client.post(url, REVIEW).status_code == 302
