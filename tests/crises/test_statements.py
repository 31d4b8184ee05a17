"""Holding statements and templates: approval rules (second pair of eyes), review dates,
sanitising, and the public page (published is public, anything else 404)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from crises.models import Statement, StatementTemplate
from crises.selectors import statements_public_active
from crises.services import (
    incident_resolve,
    statement_approve,
    statement_draft,
    statement_reject,
    statement_release,
    statement_update,
    template_approve,
    template_create,
    template_update,
)
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(open_incident, staf, approved_template):
    incident = open_incident(title="Banjir Sukamaju", severity=2)
    statement = statement_draft(
        actor=staf, incident=incident, title="Pernyataan Resmi: Banjir", template=approved_template
    )
    return statement_update(
        actor=staf,
        statement=statement,
        title=statement.title,
        body=statement.body.replace("[WILAYAH]", "Kecamatan Sukamaju"),
    )


def test_draft_from_template_copies_the_body(open_incident, staf, approved_template):
    draft = statement_draft(actor=staf, incident=open_incident(), title="Banjir", template=approved_template)
    assert draft.body == approved_template.body
    assert draft.status == Statement.Status.DRAFT and draft.template == approved_template


def test_body_is_sanitised(open_incident, staf):
    statement = statement_draft(
        actor=staf,
        incident=open_incident(),
        title="Uji",
        body='<p onclick="x()">Aman<script>alert(1)</script></p><a href="javascript:alert(1)">t</a>',
    )
    assert (
        "script" not in statement.body
        and "onclick" not in statement.body
        and "javascript" not in statement.body
    )
    assert "<p>Aman</p>" in statement.body


def test_unfilled_template_placeholders_block_approval(open_incident, staf, sekretaris, approved_template):
    statement = statement_draft(
        actor=staf, incident=open_incident(), title="Banjir", template=approved_template
    )
    with pytest.raises(Refusal, match=r"\[WILAYAH\]"):
        statement_approve(actor=sekretaris, statement=statement)


def test_drafter_can_not_approve_own_statement(open_incident, sekretaris, sekretaris2):
    statement = statement_draft(actor=sekretaris, incident=open_incident(), title="Uji", body="<p>Isi</p>")
    with pytest.raises(Refusal, match="penulis naskah ini"):
        statement_approve(actor=sekretaris, statement=statement)
    statement_approve(actor=sekretaris2, statement=statement)
    statement.refresh_from_db()
    assert statement.status == Statement.Status.APPROVED and statement.approved_by == sekretaris2


def test_staf_can_not_approve_or_release(draft, staf):
    with pytest.raises(Refusal):
        statement_approve(actor=staf, statement=draft)
    with pytest.raises(Refusal):
        statement_release(actor=staf, statement=draft, publish=True)


def test_unapproved_statement_can_not_be_released(draft, sekretaris):
    with pytest.raises(Refusal, match="status “Draf”"):
        statement_release(actor=sekretaris, statement=draft, publish=True)


def test_editing_after_approval_is_refused_and_reject_returns_to_draft(draft, sekretaris, staf):
    statement_approve(actor=sekretaris, statement=draft)
    with pytest.raises(Refusal):
        statement_update(actor=staf, statement=draft, title="Baru", body="<p>Baru</p>")
    statement_reject(actor=sekretaris, statement=draft, comment="Angka pengungsi belum diperbarui.")
    draft.refresh_from_db()
    assert draft.status == Statement.Status.DRAFT and draft.approved_by is None
    assert "pengungsi" in draft.rejection_comment


def test_the_last_editor_counts_as_drafter(draft, sekretaris, kepala):
    statement_update(actor=sekretaris, statement=draft, title="Diperbarui", body="<p>Fakta terbaru</p>")
    with pytest.raises(Refusal):
        statement_approve(actor=sekretaris, statement=draft)
    statement_approve(actor=kepala, statement=draft)


def test_publish_makes_it_public_resets_clock_and_audits(draft, sekretaris, client):
    incident = draft.incident
    url = reverse("crises:statement_detail", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    statement_approve(actor=sekretaris, statement=draft)
    assert client.get(url).status_code == 404  # approved but not released: still not public
    later = timezone.now() + timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        statement_release(actor=sekretaris, statement=draft, publish=True)
    draft.refresh_from_db()
    incident.refresh_from_db()
    assert draft.status == Statement.Status.PUBLISHED and draft.is_public
    assert incident.timeline.filter(kind="statement", is_public=True).exists()
    assert abs((incident.last_public_update_at - later).total_seconds()) < 1
    assert incident.next_update_due_at == incident.last_public_update_at + timedelta(minutes=60)
    assert AuditEntry.objects.filter(action="statement.release", object_id=str(draft.pk)).exists()
    response = client.get(url)
    assert response.status_code == 200
    assert "keprihatinan atas banjir di Kecamatan Sukamaju" in response.content.decode()
    listing = client.get(reverse("crises:statement_list")).content.decode()
    assert draft.title in listing
    assert list(statements_public_active()) == [draft]
    with pytest.raises(Refusal):
        statement_release(actor=sekretaris, statement=draft, publish=True)  # nothing left to do
    incident_resolve(actor=sekretaris, incident=incident, what_happened="a", what_worked="b", follow_ups="c")
    assert list(statements_public_active()) == []
    assert client.get(url).status_code == 200  # the record stays public


def test_draft_is_404_for_public_and_other_roles_but_previewable_by_staff(
    draft, client, ppid, outsider, staf
):
    url = reverse("crises:statement_detail", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    assert draft.title not in client.get(reverse("crises:statement_list")).content.decode()
    for user in (ppid, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(staf)
    response = client.get(url)
    assert response.status_code == 200 and "Pratinjau" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_template_author_can_not_approve_and_edit_needs_reapproval(staf, sekretaris, sekretaris2):
    template = template_create(
        actor=sekretaris, title="Gangguan", scenario="service_outage", body="<p>Isi</p>"
    )
    with pytest.raises(Refusal, match="penulis naskah ini"):
        template_approve(actor=sekretaris, template=template)
    with pytest.raises(Refusal):
        template_approve(actor=staf, template=template)
    template_approve(actor=sekretaris2, template=template)
    template.refresh_from_db()
    assert template.is_usable
    template_update(
        actor=staf, template=template, title="Gangguan", scenario="service_outage", body="<p>Baru</p>"
    )
    template.refresh_from_db()
    assert template.status == StatementTemplate.Status.DRAFT and not template.is_usable


def test_template_past_review_date_can_not_be_used(approved_template, open_incident, staf, sekretaris2):
    incident = open_incident()
    with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
        approved_template.refresh_from_db()
        assert approved_template.review_overdue and not approved_template.is_usable
        with pytest.raises(Refusal, match="tinjau ulang"):
            statement_draft(actor=staf, incident=incident, title="x", template=approved_template)
        # Re-approval by someone other than the last writer makes it usable again.
        template_approve(actor=sekretaris2, template=approved_template)
        approved_template.refresh_from_db()
        statement_draft(actor=staf, incident=incident, title="x", template=approved_template)
