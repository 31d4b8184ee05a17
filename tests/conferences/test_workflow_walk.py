"""Walks the declared conference workflow (conferences.workflows): for every state × timing (not
yet started, already over) × role, the moves the staff page offers (its buttons, and the context
it draws them from) are exactly the moves the services accept with valid inputs. Each service
call runs in an atomic block that is rolled back, so one conference serves every attempt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Attendance, Conference, Invitation
from conferences.workflows import CONFERENCE_WORKFLOW
from kernel.refusal import Refusal
from tests.conftest import HumasClient
from tests.workflow_walk import offered_in_html, service_accepts

pytestmark = pytest.mark.django_db


def _calls(conference, actor, fresh_list):
    later = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    return {
        "invite": lambda: services.invitations_send(actor=actor, conference=conference, lists=[fresh_list]),
        "reschedule": lambda: services.conference_reschedule(
            actor=actor,
            conference=conference,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            reason="Wali Kota berhalangan",
        ),
        "cancel": lambda: services.conference_cancel(
            actor=actor, conference=conference, reason="Cuaca buruk"
        ),
        "held": lambda: services.conference_mark_held(actor=actor, conference=conference),
        "followup_attended": lambda: services.followup_send(
            actor=actor, conference=conference, audience="attended"
        ),
        "followup_absent": lambda: services.followup_send(
            actor=actor, conference=conference, audience="absent"
        ),
    }


def _offered(user, conference):
    client = HumasClient()
    client.force_login(user)
    response = client.get(f"/staf/konferensi/{conference.pk}/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    buttons = offered_in_html(response.content.decode())
    assert buttons == set(response.context["actions"])
    return buttons


def test_offered_moves_are_exactly_the_accepted_moves(press, make_conference, kepala, sekretaris, staf, ppid):
    from contacts.models import ContactList, Journalist

    fresh = Journalist.objects.create(name="Gita Baru", email="gita@kabarbaru.example.id")
    fresh_list = ContactList.objects.create(name="Wartawan baru")
    fresh_list.members.add(fresh)
    declared = {t.name for t in CONFERENCE_WORKFLOW.transitions}
    assert declared == set(_calls(None, None, None))  # every declared move has its service here
    walked = {name: set() for name in declared}
    combinations = 0
    for state in Conference.Status.values:
        for timing in ("future", "past"):
            conference = make_conference(title=f"Konferensi {state} {timing}")
            a, b = press["people"][:2]
            for journalist in (a, b):
                Invitation.objects.create(conference=conference, journalist=journalist)
            # One came (the follow-up to attendees has someone), one did not (to absentees too).
            Attendance.objects.create(conference=conference, journalist=a, name=a.name)
            if timing == "past":
                start = timezone.now() - timedelta(days=1)
                Conference.objects.filter(pk=conference.pk).update(
                    starts_at=start, ends_at=start + timedelta(hours=2)
                )
            Conference.objects.filter(pk=conference.pk).update(status=state)
            conference.refresh_from_db()
            for user in (kepala, sekretaris, staf, ppid):
                offered = _offered(user, conference)
                accepted = {
                    name
                    for name, call in _calls(conference, user, fresh_list).items()
                    if service_accepts(call)
                }
                assert offered == accepted, (state, timing, user.username)
                for name in accepted:
                    walked[name].add((state, timing, user.username))
                combinations += len(declared)
                conference.refresh_from_db()
                assert conference.status == state  # every attempt was rolled back
    assert combinations == len(declared) * len(Conference.Status.values) * 2 * 4
    # Every declared move was made at least once, from each of its source states.
    for t in CONFERENCE_WORKFLOW.transitions:
        assert {state for state, _timing, _user in walked[t.name]} == set(t.source), t.name
    # Sending is for Sekretaris Pers and Kepala Humas; marking held for whoever may edit.
    assert {user for *_x, user in walked["invite"]} == {"kepala_uji", "sekretaris_uji"}
    assert {user for *_x, user in walked["held"]} == {"kepala_uji", "sekretaris_uji", "staf_uji"}


def test_a_follow_up_already_sent_is_neither_offered_norservice_accepts(press, make_conference, sekretaris):
    conference = make_conference()
    a = press["people"][0]
    Invitation.objects.create(conference=conference, journalist=a)
    Attendance.objects.create(conference=conference, journalist=a, name=a.name)
    start = timezone.now() - timedelta(days=1)
    Conference.objects.filter(pk=conference.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    services.followup_send(actor=sekretaris, conference=conference, audience="attended")
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD
    assert "followup_attended" not in _offered(sekretaris, conference)
    with pytest.raises(Refusal, match="sudah pernah dikirim"):
        services.followup_send(actor=sekretaris, conference=conference, audience="attended")
