"""Mail through the real pipeline: a real Celery worker on Redis and a real SMTP sink."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from crises.models import Incident, TimelineEntry
from crises.services import (
    incident_open,
    incident_overdue_reminders_send,
    statement_approve,
    statement_draft,
    statement_release,
    timeline_add,
)
from kernel.models import AuditEntry
from tests.crises.conftest import purge_broker_queues


@pytest.fixture(autouse=True)
def _empty_broker():
    # Autouse: runs before the celery_worker fixture starts consuming.
    purge_broker_queues()


def _recipients(messages):
    return sorted(addr for m in messages for addr in m["to"])


def test_severe_incident_mails_kepala_and_sekretaris(
    celery_worker, smtp_sink, kepala, sekretaris, staf, ppid
):
    incident_open(actor=staf, title="Kebakaran gudang arsip", severity=1, owner=staf)
    # One mail per recipient (kernel.notifications: a row each, delivered after commit).
    messages = smtp_sink.wait_for(2)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 2
    assert _recipients(messages) == sorted([kepala.email, sekretaris.email])
    for message in messages:
        assert "Kebakaran gudang arsip" in message["message"]["Subject"]
        assert "KRISIS 1" in message["message"]["Subject"]


def test_low_severity_incident_sends_nothing(celery_worker, smtp_sink, kepala, sekretaris, staf):
    incident_open(actor=staf, title="Isu hoaks ringan", severity=4, owner=staf)
    # A severity-2 one afterwards: the only mails that arrive are about it.
    incident_open(actor=staf, title="Gangguan listrik kantor layanan", severity=2, owner=staf)
    messages = smtp_sink.wait_for(2)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 2
    assert all("Gangguan listrik" in m["message"]["Subject"] for m in messages)


def test_overdue_reminder_is_sent_once_per_overdue_period(
    celery_worker, smtp_sink, sekretaris, staf, make_user
):
    from kernel.roles import STAF

    teammate = make_user("tim_krisis", STAF)
    incident = incident_open(
        actor=staf, title="Gangguan layanan KTP-el", severity=3, owner=staf, team=[teammate]
    )
    due = incident.next_update_due_at
    assert due - incident.last_public_update_at == timedelta(minutes=240)

    with time_machine.travel(due - timedelta(seconds=30), tick=False):
        assert incident_overdue_reminders_send() == 0  # not overdue yet
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert incident_overdue_reminders_send() == 1
    with time_machine.travel(due + timedelta(minutes=2), tick=False):
        assert incident_overdue_reminders_send() == 0  # same overdue period: not repeated
    with time_machine.travel(due + timedelta(hours=3), tick=False):
        assert incident_overdue_reminders_send() == 0
    messages = smtp_sink.wait_for(3)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 3  # one per person
    assert set(_recipients(messages)) == {staf.email, teammate.email, sekretaris.email}
    assert all("PENGINGAT" in m["message"]["Subject"] for m in messages)
    assert (
        AuditEntry.objects.filter(action="incident.overdue_reminder", object_id=str(incident.pk)).count() == 1
    )

    # A public update starts a new period; once that one runs out, one new reminder.
    later = due + timedelta(hours=3, minutes=5)
    with time_machine.travel(later, tick=False):
        timeline_add(
            actor=staf,
            incident=incident,
            kind=TimelineEntry.Kind.UPDATE,
            body="Layanan pulih 50%.",
            is_public=True,
        )
    incident.refresh_from_db()
    new_due = incident.next_update_due_at
    assert new_due == later + timedelta(minutes=240)
    with time_machine.travel(new_due + timedelta(seconds=5), tick=False):
        assert incident_overdue_reminders_send() == 1
        assert incident_overdue_reminders_send() == 0
    smtp_sink.wait_for(6)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 6
    assert Incident.objects.get(pk=incident.pk).last_overdue_reminder_for == new_due


def test_beat_task_runs_the_sweep_on_the_worker(celery_worker, smtp_sink, staf, sekretaris):
    from crises.tasks import incident_overdue_reminders_sweep
    from humas.settings import CELERY_BEAT_SCHEDULE

    assert (
        CELERY_BEAT_SCHEDULE["crises-overdue-update-reminders"]["task"]
        == incident_overdue_reminders_sweep.name
    )
    incident = incident_open(actor=staf, title="Longsor jalan provinsi", severity=4, owner=staf)
    Incident.objects.filter(pk=incident.pk).update(
        last_public_update_at=timezone.now() - timedelta(days=2),
        next_update_due_at=timezone.now() - timedelta(days=1),
    )
    incident_overdue_reminders_sweep.delay()
    incident_overdue_reminders_sweep.delay()
    smtp_sink.wait_for(2)
    time.sleep(1.0)
    assert len(smtp_sink.messages) == 2  # the owner and Sekretaris Pers, once each
    assert _recipients(smtp_sink.messages) == sorted([staf.email, sekretaris.email])


def test_statement_sent_to_crisis_contact_list(celery_worker, smtp_sink, staf, sekretaris, kepala):
    from contacts.models import ContactList, Journalist
    from distribution.models import Delivery, Distribution

    crisis_list = ContactList.objects.create(name="Daftar krisis: media daerah")
    people = [
        Journalist.objects.create(name="Rudi Hartono", email="rudi@radar.example.id"),
        Journalist.objects.create(name="Maya Sari", email="maya@tvlokal.example.id"),
        Journalist.objects.create(name="Opt Out", email="stop@harian.example.id", do_not_contact=True),
    ]
    crisis_list.members.add(*people)
    incident = incident_open(actor=staf, title="Banjir Sukamaju", severity=3, owner=staf)
    statement = statement_draft(
        actor=staf, incident=incident, title="Banjir Sukamaju", body="<p>Tiga posko pengungsian dibuka.</p>"
    )
    statement_approve(actor=sekretaris, statement=statement)
    statement_release(actor=kepala, statement=statement, publish=True, contact_list=crisis_list)

    # Two journalists, and the two approvers told that the draft awaited their approval.
    everything = smtp_sink.wait_for(4)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 4
    staff = [m for m in everything if m["to"][0] in (sekretaris.email, kepala.email)]
    assert _recipients(staff) == sorted([sekretaris.email, kepala.email])
    assert all("menunggu persetujuan" in m["message"]["Subject"] for m in staff)
    messages = [m for m in everything if m not in staff]
    assert _recipients(messages) == ["maya@tvlokal.example.id", "rudi@radar.example.id"]
    message = messages[0]["message"]
    assert message["Subject"] == "Pernyataan Resmi: Banjir Sukamaju"
    assert message["List-Unsubscribe"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Tiga posko pengungsian dibuka." in text and "/berhenti-langganan/" in text
    assert "/pernyataan-resmi/" in text
    assert "<p>Tiga posko pengungsian dibuka.</p>" in html and "/berhenti-langganan/" in html

    distribution = Distribution.objects.get()
    assert distribution.source == statement
    deadline = time.time() + 10
    while (
        time.time() < deadline
        and Delivery.objects.filter(distribution=distribution, status="sent").count() < 2
    ):
        time.sleep(0.1)
    assert Delivery.objects.filter(distribution=distribution, status="sent").count() == 2
    statement.refresh_from_db()
    assert statement.sent_to == crisis_list and statement.sent_at and statement.is_public
