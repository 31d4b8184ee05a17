"""Holding statements awaiting approval: one queue across incidents with each incident's update
clock, on the dashboard, and approvers told by mail (through the real notification path to a
real SMTP sink) — once, to the right people, by the second-pair-of-eyes rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crises.models import Incident
from crises.services import statement_approve, statement_draft, statement_reject, statement_update
from kernel.models import Notification
from kernel.notifications import notification_deliver_one
from kernel.worklist import work_counts

pytestmark = pytest.mark.django_db
KIND = "crises.statement_awaiting_approval"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _draft(actor, incident, title="Pernyataan awal banjir"):
    return statement_draft(actor=actor, incident=incident, title=title, body="<p>Kami menangani banjir.</p>")


def _deliver_all():
    return [
        notification_deliver_one(pk)
        for pk in Notification.objects.order_by("pk").values_list("pk", flat=True)
    ]


def _to(sink):
    return sorted(addr for m in sink.messages for addr in m["to"])


def test_queue_lists_waiting_statements_across_incidents_with_their_clock(
    client, open_incident, staf, sekretaris
):
    flood = open_incident(title="Banjir Sukamaju", severity=2)
    fire = open_incident(title="Kebakaran pasar", severity=3)
    first = _draft(staf, flood)
    _draft(staf, fire, title="Pernyataan kebakaran")
    own = _draft(sekretaris, fire, title="Pernyataan disusun Sekretaris")
    # The flood's update is overdue: the clock keeps running while its statement waits.
    Incident.objects.filter(pk=flood.pk).update(next_update_due_at=timezone.now() - timedelta(minutes=15))

    client.force_login(sekretaris)
    body = client.get(reverse("staff_crises:statement_queue")).content.decode()
    mine = body[body.index('data-testid="queue-mine"') : body.index('data-testid="queue-others"')]
    others = body[body.index('data-testid="queue-others"') :]
    assert "Pernyataan awal banjir" in mine and "Pernyataan kebakaran" in mine
    assert own.title not in mine and own.title in others  # she drafted it: another approves
    assert 'class="countdown is-overdue"' in mine and "terlambat" in mine
    assert "sisa" in mine  # the fire's clock still has time
    assert reverse("staff_crises:statement_detail", kwargs={"pk": first.pk}) in mine
    assert "Banjir Sukamaju" in mine and "Kebakaran pasar" in mine


def test_queue_is_for_crisis_staff_only(client, open_incident, staf, ppid):
    _draft(staf, open_incident())
    client.force_login(staf)
    body = client.get(reverse("staff_crises:statement_queue")).content.decode()
    assert "Pernyataan awal banjir" in body and 'data-testid="queue-mine"' not in body
    client.force_login(ppid)
    assert client.get(reverse("staff_crises:statement_queue")).status_code == 404


def test_drafting_does_not_stop_the_clock(open_incident, staf):
    incident = open_incident(severity=2)
    due = incident.next_update_due_at
    _draft(staf, incident)
    incident.refresh_from_db()
    assert incident.next_update_due_at == due


def test_approvers_are_mailed_once_and_the_drafter_not(
    open_incident, staf, sekretaris, kepala, ppid, smtp_sink
):
    statement = _draft(staf, open_incident())
    rows = Notification.objects.filter(kind=KIND, object_id=str(statement.pk))
    assert sorted(r.to_address for r in rows) == sorted([sekretaris.email, kepala.email])
    assert _deliver_all() == ["sent", "sent"]
    assert _deliver_all() == ["skipped", "skipped"]  # never twice
    assert _to(smtp_sink) == sorted([sekretaris.email, kepala.email])
    message = smtp_sink.messages[0]["message"]
    assert "Pernyataan menunggu persetujuan: Pernyataan awal banjir" in message["Subject"]
    assert f"/staf/krisis/pernyataan/{statement.pk}/" in message.get_content()


def test_a_drafting_approver_is_not_asked_to_approve_her_own(open_incident, sekretaris, kepala, smtp_sink):
    _draft(sekretaris, open_incident())
    _deliver_all()
    assert _to(smtp_sink) == [kepala.email]


def test_returned_statement_leaves_the_queue_until_the_drafter_edits_it(
    open_incident, staf, sekretaris, sekretaris2, kepala, smtp_sink
):
    statement = _draft(staf, open_incident())
    assert work_counts(sekretaris, fresh=True)["crises.statements_awaiting"] == 1
    statement_reject(actor=sekretaris, statement=statement, comment="Sebutkan jumlah pengungsi.")
    assert work_counts(sekretaris, fresh=True)["crises.statements_awaiting"] == 0
    assert work_counts(staf, fresh=True)["crises.statements_returned"] == 1
    Notification.objects.all().delete()

    # Sekretaris 2 answers the note herself: she edited it, so she is not asked to approve it.
    statement_update(
        actor=sekretaris2, statement=statement, title=statement.title, body="<p>120 pengungsi.</p>"
    )
    statement.refresh_from_db()
    assert statement.rejection_comment == ""
    assert work_counts(staf, fresh=True)["crises.statements_returned"] == 0
    assert work_counts(sekretaris, fresh=True)["crises.statements_awaiting"] == 1
    assert work_counts(sekretaris2, fresh=True)["crises.statements_awaiting"] == 0
    _deliver_all()
    assert _to(smtp_sink) == sorted([sekretaris.email, kepala.email])
    assert "setelah dikembalikan" in smtp_sink.messages[0]["message"].get_content()

    # A plain edit of a draft that was not returned asks nobody again.
    Notification.objects.all().delete()
    statement_update(actor=staf, statement=statement, title=statement.title, body="<p>125 pengungsi.</p>")
    assert not Notification.objects.exists()
    statement_approve(actor=kepala, statement=statement)
    assert work_counts(sekretaris, fresh=True)["crises.statements_awaiting"] == 0


def test_dashboard_shows_the_waiting_statement_with_its_incident(client, open_incident, staf, sekretaris):
    incident = open_incident(title="Longsor Cibeber")
    _draft(staf, incident)
    client.force_login(sekretaris)
    body = client.get(reverse("staff:dashboard")).content.decode()
    start = body.index('data-testid="work-crises.statements_awaiting"')
    section = body[start : body.index("</article>", start)]
    assert 'data-count="1"' in section
    assert "Pernyataan awal banjir" in section and "Longsor Cibeber" in section
    assert "pembaruan publik berikutnya" in section
