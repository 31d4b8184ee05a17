"""Cadence and overdue computation, with frozen time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from crises.models import Incident, StatementTemplate, TimelineEntry
from crises.selectors import cadence_minutes_map, incident_dashboard
from crises.services import cadence_update, incident_change_severity, incident_resolve, timeline_add
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)


def test_default_cadence_per_severity():
    assert cadence_minutes_map() == {1: 30, 2: 60, 3: 240, 4: 1440}


@pytest.mark.parametrize(("severity", "minutes"), [(1, 30), (2, 60), (3, 240), (4, 1440)])
def test_next_update_due_is_opening_plus_cadence(open_incident, severity, minutes):
    with time_machine.travel(T0, tick=False):
        incident = open_incident(severity=severity)
    assert incident.last_public_update_at == T0
    assert incident.next_update_due_at == T0 + timedelta(minutes=minutes)
    with time_machine.travel(T0 + timedelta(minutes=minutes) - timedelta(seconds=1), tick=False):
        assert not incident.is_update_overdue
    with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False):
        assert incident.is_update_overdue


def test_public_update_resets_the_clock_private_entry_does_not(open_incident, staf):
    with time_machine.travel(T0, tick=False):
        incident = open_incident(severity=1)
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        timeline_add(
            actor=staf, incident=incident, kind=TimelineEntry.Kind.DECISION, body="Rapat koordinasi."
        )
        incident.refresh_from_db()
        assert incident.next_update_due_at == T0 + timedelta(minutes=30)
        timeline_add(
            actor=staf,
            incident=incident,
            kind=TimelineEntry.Kind.UPDATE,
            body="Posko dibuka.",
            is_public=True,
        )
        incident.refresh_from_db()
        assert incident.last_public_update_at == T0 + timedelta(minutes=20)
        assert incident.next_update_due_at == T0 + timedelta(minutes=50)
    with time_machine.travel(T0 + timedelta(minutes=45), tick=False):
        assert not incident.is_update_overdue
    with time_machine.travel(T0 + timedelta(minutes=51), tick=False):
        assert incident.is_update_overdue


def test_only_updates_and_statements_can_be_public(open_incident, staf):
    incident = open_incident()
    with pytest.raises(Refusal):
        timeline_add(
            actor=staf, incident=incident, kind=TimelineEntry.Kind.DECISION, body="x", is_public=True
        )


def test_escalation_recomputes_due_and_is_audited(open_incident, staf):
    with time_machine.travel(T0, tick=False):
        incident = open_incident(severity=4)
    assert incident.next_update_due_at == T0 + timedelta(days=1)
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        incident_change_severity(actor=staf, incident=incident, severity=1, reason="Korban bertambah")
    incident.refresh_from_db()
    # Last public update (the opening) + the new cadence: already overdue after 30 minutes.
    assert incident.next_update_due_at == T0 + timedelta(minutes=30)
    entry = AuditEntry.objects.get(action="incident.escalate")
    assert (entry.from_state, entry.to_state, entry.data["reason"]) == (
        "severity:4",
        "severity:1",
        "Korban bertambah",
    )
    incident_change_severity(actor=staf, incident=incident, severity=3, reason="Situasi terkendali")
    assert AuditEntry.objects.filter(action="incident.deescalate", to_state="severity:3").exists()
    assert incident.timeline.filter(kind="decision", body__contains="Korban bertambah").exists()
    with pytest.raises(Refusal):
        incident_change_severity(actor=staf, incident=incident, severity=3, reason="sama")
    with pytest.raises(Refusal):
        incident_change_severity(actor=staf, incident=incident, severity=2, reason="  ")


def test_cadence_change_moves_open_clocks(open_incident, sekretaris, staf):
    with time_machine.travel(T0, tick=False):
        incident = open_incident(severity=2)
        cadence_update(actor=sekretaris, minutes_by_severity={2: 90})
    incident.refresh_from_db()
    assert incident.next_update_due_at == T0 + timedelta(minutes=90)
    assert AuditEntry.objects.filter(action="crises.cadence_update").exists()
    with pytest.raises(Refusal):
        cadence_update(actor=staf, minutes_by_severity={2: 10})


def test_dashboard_sorts_by_severity_then_due_and_excludes_resolved(open_incident, sekretaris):
    with time_machine.travel(T0, tick=False):
        low = open_incident(title="Rendah", severity=4)
        crit = open_incident(title="Kritis", severity=1)
        medium = open_incident(title="Sedang", severity=3)
        done = open_incident(title="Selesai", severity=1)
        incident_resolve(actor=sekretaris, incident=done, what_happened="a", what_worked="b", follow_ups="c")
    assert [i.pk for i in incident_dashboard()] == [crit.pk, medium.pk, low.pk]
    done.refresh_from_db()
    assert done.next_update_due_at is None and not done.is_update_overdue


def test_resolve_requires_review(open_incident, sekretaris, staf):
    incident = open_incident()
    with pytest.raises(Refusal):
        incident_resolve(
            actor=sekretaris, incident=incident, what_happened="Banjir", what_worked="", follow_ups="x"
        )
    with pytest.raises(Refusal):
        incident_resolve(actor=staf, incident=incident, what_happened="a", what_worked="b", follow_ups="c")
    incident_resolve(actor=sekretaris, incident=incident, what_happened="a", what_worked="b", follow_ups="c")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESOLVED and incident.review_follow_ups == "c"


def test_data_breach_pdp_deadline_is_72_hours_after_detection(open_incident):
    detected = T0 - timedelta(hours=5)
    with time_machine.travel(T0, tick=False):
        incident = open_incident(kind="data_breach", severity=1, detected_at=detected)
        assert incident.pdp_deadline == detected + timedelta(hours=72)
        assert not incident.pdp_overdue
    with time_machine.travel(detected + timedelta(hours=72, seconds=1), tick=False):
        assert incident.pdp_overdue
    assert open_incident(kind="service_outage").pdp_deadline is None


def test_timeline_is_append_only(open_incident, staf):
    incident = open_incident()
    entry = incident.timeline.get()
    entry.body = "diubah"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    correction = timeline_add(
        actor=staf,
        incident=incident,
        kind=TimelineEntry.Kind.EVENT,
        body="Koreksi: dibuka 08.55",
        corrects=entry,
    )
    assert list(entry.corrections.all()) == [correction]
    other = open_incident(title="Lain")
    with pytest.raises(Refusal):
        timeline_add(actor=staf, incident=other, kind="event", body="salah", corrects=entry)


def test_countdown_tag_is_computed_on_the_server():
    from django.template import Context, Template

    template = Template("{% load crises_tags %}{% countdown due %}")
    with time_machine.travel(T0, tick=False):
        left = template.render(Context({"due": T0 + timedelta(minutes=29, seconds=30)}))
        late = template.render(Context({"due": T0 - timedelta(hours=1, minutes=5)}))
    assert "sisa 29 m" in left and "is-overdue" not in left
    assert "terlambat 1 j 5 m" in late and "is-overdue" in late
    assert 'data-countdown="2026-03-02T09:29:30+07:00"' in left


def test_demo_seed_has_templates_and_an_open_incident():
    from humas.demo import demo_seed

    demo_seed()
    assert StatementTemplate.objects.filter(status="approved").count() >= 3
    assert {t.scenario for t in StatementTemplate.objects.all()} >= {
        "natural_disaster",
        "service_outage",
        "data_breach",
    }
    incident = Incident.objects.get()
    assert incident.is_open and incident.timeline.count() >= 3 and incident.next_update_due_at
    demo_seed()  # idempotent
    assert Incident.objects.count() == 1 and StatementTemplate.objects.count() == 3
