"""The second pair of eyes comes from the kernel (kernel.workflow.second_pair_of_eyes), not from a
check typed in crises: whoever drafted a statement or template, or edited it since its last
approval, may not approve it. And approvers hear of a new draft awaiting them."""

import pytest
from django.urls import reverse

from crises.models import Statement, StatementTemplate
from crises.services import (
    statement_approve,
    statement_draft,
    statement_reject,
    statement_update,
    template_approve,
    template_create,
    template_update,
)
from kernel.models import Notification
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(open_incident):
    return open_incident(title="Banjir Sukamaju")


def _draft(actor, incident):
    return statement_draft(
        actor=actor, incident=incident, title="Pernyataan banjir", body="<p>Posko dibuka.</p>"
    )


def _edit(actor, statement):
    return statement_update(
        actor=actor, statement=statement, title=statement.title, body="<p>Tiga posko.</p>"
    )


def test_drafter_may_not_approve_after_a_colleague_edited(incident, sekretaris, sekretaris2, kepala):
    """Fails on the old code: an edit made the editor "the drafter", so the real drafter could
    then approve their own text."""
    statement = _draft(sekretaris, incident)
    _edit(sekretaris2, statement)
    with pytest.raises(Refusal) as refused:
        statement_approve(actor=sekretaris, statement=statement)
    assert refused.value.code == "four_eyes"
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT and statement.drafted_by == sekretaris


def test_colleague_who_edited_may_not_approve_a_third_person_may(incident, staf, sekretaris2, kepala):
    statement = _draft(staf, incident)
    _edit(sekretaris2, statement)
    with pytest.raises(Refusal, match="ikut mengubah"):
        statement_approve(actor=sekretaris2, statement=statement)
    approved = statement_approve(actor=kepala, statement=statement)
    assert approved.status == Statement.Status.APPROVED and approved.approved_by == kepala


def test_an_edit_before_the_last_approval_no_longer_counts(incident, staf, sekretaris, sekretaris2, kepala):
    statement = _draft(staf, incident)
    _edit(sekretaris2, statement)
    statement_approve(actor=kepala, statement=statement)
    statement_reject(actor=sekretaris, statement=statement, comment="Angka pengungsi belum diperbarui.")
    # sekretaris2 edited before the last approval and not since: a second pair of eyes now.
    statement_approve(actor=sekretaris2, statement=statement)


def test_statement_page_explains_why_the_editor_can_not_approve(client, incident, staf, sekretaris2):
    statement = _draft(staf, incident)
    _edit(sekretaris2, statement)
    client.force_login(sekretaris2)
    page = client.get(reverse("staff_crises:statement_detail", args=[statement.pk])).content.decode()
    assert 'data-workflow-action="approve"' not in page
    assert 'data-testid="four-eyes"' in page and "ikut mengubah" in page
    response = client.post(reverse("staff_crises:statement_approve", args=[statement.pk]), follow=True)
    assert response.status_code == 200 and "ikut mengubah" in response.content.decode()


def test_template_author_may_not_approve_after_a_colleague_edited(sekretaris, sekretaris2, kepala):
    """Fails on the old code: only the last writer (edited_by) was kept from approving."""
    template = template_create(
        actor=sekretaris, title="Gangguan", scenario="service_outage", body="<p>Isi</p>"
    )
    template_update(
        actor=sekretaris2, template=template, title="Gangguan", scenario="service_outage", body="<p>Baru</p>"
    )
    with pytest.raises(Refusal) as refused:
        template_approve(actor=sekretaris, template=template)
    assert refused.value.code == "four_eyes"
    with pytest.raises(Refusal, match="ikut mengubah"):
        template_approve(actor=sekretaris2, template=template)
    template_approve(actor=kepala, template=template)
    template.refresh_from_db()
    assert template.status == StatementTemplate.Status.APPROVED and template.approved_by == kepala


def test_approvers_are_told_of_a_new_draft(
    incident, staf, sekretaris, sekretaris2, kepala, ppid, django_capture_on_commit_callbacks
):
    # (Delivered by the real worker: tests/crises/test_notifications.py.)
    """Fails on the old code: nobody heard of a draft waiting for a second pair of eyes."""
    with django_capture_on_commit_callbacks(execute=False):
        statement = _draft(staf, incident)
    rows = Notification.objects.filter(kind="crises.statement_awaiting_approval", object_id=str(statement.pk))
    assert sorted(rows.values_list("to_address", flat=True)) == sorted(
        [sekretaris.email, sekretaris2.email, kepala.email]
    )
    row = rows.get(recipient=kepala)
    assert statement.title in row.subject and "menunggu persetujuan" in row.subject
    assert reverse("staff_crises:statement_detail", args=[statement.pk]) in row.body


def test_an_approver_drafting_is_not_told_of_their_own_draft(incident, sekretaris, sekretaris2, kepala):
    statement = _draft(sekretaris, incident)
    rows = Notification.objects.filter(kind="crises.statement_awaiting_approval", object_id=str(statement.pk))
    assert sorted(rows.values_list("recipient__username", flat=True)) == sorted(
        [sekretaris2.username, kepala.username]
    )
