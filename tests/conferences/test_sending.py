"""The real sending path: conference services -> distribution ledger -> real Celery worker ->
real SMTP sink. Data must be committed (celery_worker implies transactional_db)."""

import time
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, Invitation
from distribution.models import Delivery, Distribution
from kernel.refusal import Refusal
from tests.conferences.helpers import open_the_door
from tests.conferences.links import checkin_code_read, rsvp_token_read
from tests.conftest import PASSWORD
from tests.conftest import HumasClient as Client


def attachments(message):
    return {part.get_filename(): part for part in message.iter_attachments()}


def ics_of(message):
    part = attachments(message)[next(n for n in attachments(message) if n.endswith(".ics"))]
    return icalendar.Calendar.from_ical(
        part.get_content() if isinstance(part.get_content(), str) else part.get_content().decode()
    )


def wait_deliveries_done(distribution, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not Delivery.objects.filter(distribution=distribution, status__in=["queued", "sending"]).exists():
            return
        time.sleep(0.1)
    raise AssertionError("deliveries still pending")


def test_invitations_go_through_the_ledger_with_ics_qr_and_rsvp_links(
    celery_worker, smtp_sink, press, make_conference, sekretaris, org_profile
):
    conference = make_conference()
    distribution = services.invitations_send(actor=sekretaris, conference=conference, lists=[press["list"]])
    assert distribution.kind == "invitation"
    messages = smtp_sink.wait_for(4)
    wait_deliveries_done(distribution)
    time.sleep(0.3)
    assert len(smtp_sink.messages) == 4  # the opted-out journalist got nothing
    assert sorted(m["to"][0] for m in messages) == sorted(j.email for j in press["people"][:4])
    assert Invitation.objects.filter(conference=conference).count() == 4
    assert set(Delivery.objects.filter(distribution=distribution).values_list("status", flat=True)) == {
        "sent"
    }

    budi = next(m["message"] for m in messages if m["to"] == ["budi@nusantarapos.example.id"])
    assert "Undangan konferensi pers" in budi["Subject"]
    assert budi["List-Unsubscribe"]
    files = attachments(budi)
    assert files["kode-checkin.png"].get_content_type() == "image/png"
    assert files["kode-checkin.png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    cal = ics_of(budi)
    # PUBLISH: a REQUEST would need ORGANIZER and every ATTENDEE (issue 17).
    assert cal["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in cal.to_ical().decode()
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == conference.starts_at
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=7)
    text = budi.get_body(preferencelist=("plain",)).get_content()
    html = budi.get_body(preferencelist=("html",)).get_content()
    assert "WIB" in text and "Berhenti berlangganan" in text and "Berhenti berlangganan" in html
    # The personal RSVP link in the mail works and answers for Budi only.
    link = next(
        line.split(": ", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("Hadir:")
    )
    token = link.split("/rsvp/", 1)[1].split("/", 1)[0]
    invitation = Invitation.objects.get(pk=rsvp_token_read(token))
    assert invitation.journalist.email == "budi@nusantarapos.example.id"
    path = link.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
    Client().post("/" + path, {"answer": "yes"})
    invitation.refresh_from_db()
    assert invitation.answer == "yes"
    # The code printed under the QR is Budi's check-in code.
    code_line = text.split("kode ini:", 1)[1].strip().splitlines()[0].strip()
    assert checkin_code_read(code_line) == invitation.pk

    # Inviting the same list again sends nothing new.
    with pytest.raises(Refusal):
        services.invitations_send(actor=sekretaris, conference=conference, lists=[press["list"]])
    assert Distribution.objects.filter(kind="invitation").count() == 1


def test_staf_can_not_send(press, make_conference, staf, transactional_db):
    conference = make_conference()
    with pytest.raises(Refusal):
        services.invitations_send(actor=staf, conference=conference, lists=[press["list"]])
    with pytest.raises(Refusal):
        services.conference_cancel(actor=staf, conference=conference, reason="x")
    assert not Invitation.objects.exists() and not Distribution.objects.exists()


def test_reminder_goes_out_exactly_once_to_yes_and_maybe(celery_worker, smtp_sink, invited, org_profile):
    conference, invitations = invited
    for invitation, answer in zip(invitations, ["yes", "maybe", "no", ""], strict=True):
        if answer:
            services.rsvp_answer(invitation=invitation, answer=answer)
    # Not due yet: 3 days ahead, reminder 24 h before.
    assert services.reminders_send_due() == 0
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() + timedelta(hours=5), ends_at=timezone.now() + timedelta(hours=7)
    )
    assert services.reminders_send_due() == 1
    # Beat fires again (or a second beat runs by mistake): nothing more.
    assert services.reminders_send_due() == 0
    assert services.reminder_send(conference_id=conference.pk) is None
    from conferences.tasks import send_due_reminders

    send_due_reminders.apply()  # the beat task itself: still nothing more
    messages = smtp_sink.wait_for(2)
    time.sleep(1.0)
    assert len(smtp_sink.messages) == 2
    assert sorted(m["to"][0] for m in messages) == sorted(
        [invitations[0].journalist.email, invitations[1].journalist.email]
    )
    assert all("Pengingat" in m["message"]["Subject"] for m in messages)
    assert Distribution.objects.filter(kind="reminder").count() == 1
    conference.refresh_from_db()
    assert conference.reminder_sent_at is not None


def test_cancellation_tells_every_invitee_with_a_cancelled_event(
    celery_worker, smtp_sink, invited, sekretaris, org_profile, client
):
    conference, invitations = invited
    services.conference_cancel(actor=sekretaris, conference=conference, reason="Wali Kota berhalangan hadir")
    messages = smtp_sink.wait_for(4)
    for item in messages:
        message = item["message"]
        assert message["Subject"].startswith("DIBATALKAN")
        cal = ics_of(message)
        assert cal["METHOD"] == "PUBLISH"
        (event,) = cal.walk("VEVENT")
        assert event["STATUS"] == "CANCELLED" and str(event["UID"]) == conference.ical_uid
        assert "kode-checkin.png" not in attachments(message)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "DIBATALKAN" in page and "Wali Kota berhalangan hadir" in page


def test_reschedule_notifies_and_rearms_the_reminder(
    celery_worker, smtp_sink, invited, sekretaris, org_profile, client
):
    conference, _invitations = invited
    Conference.objects.filter(pk=conference.pk).update(reminder_sent_at=timezone.now())
    new_start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    conference, _dist = services.conference_reschedule(
        actor=sekretaris, conference=conference, starts_at=new_start, ends_at=new_start + timedelta(hours=1)
    )
    assert conference.reminder_sent_at is None and conference.status == "rescheduled"
    messages = smtp_sink.wait_for(4)
    (event,) = ics_of(messages[0]["message"]).walk("VEVENT")
    assert event.decoded("dtstart") == new_start and int(event["SEQUENCE"]) == 1
    assert "DIJADWALKAN ULANG" in client.get(conference.get_absolute_url()).content.decode()


def test_followups_to_attendees_and_absentees_each_once(
    celery_worker, smtp_sink, invited, sekretaris, staf, org_profile
):
    conference, invitations = invited
    with pytest.raises(Refusal):  # not before the event
        services.followup_send(actor=sekretaris, conference=conference, audience="attended")
    conference = open_the_door(conference)
    services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    services.followup_send(actor=sekretaris, conference=conference, audience="attended")
    with pytest.raises(Refusal):
        services.followup_send(actor=sekretaris, conference=conference, audience="attended")
    services.followup_send(actor=sekretaris, conference=conference, audience="absent")
    messages = smtp_sink.wait_for(4)
    time.sleep(0.5)
    assert len(smtp_sink.messages) == 4
    thanks = [m for m in messages if m["message"]["Subject"].startswith("Terima kasih")]
    assert [m["to"][0] for m in thanks] == [invitations[0].journalist.email]
    others = {m["to"][0] for m in messages if m["message"]["Subject"].startswith("Materi")}
    assert others == {i.journalist.email for i in invitations[1:]}
    conference.refresh_from_db()
    assert conference.status == "held"


def test_staff_views_for_sending(
    celery_worker, smtp_sink, press, make_conference, staf, sekretaris, org_profile
):
    conference = make_conference()
    staf_client, sek_client = Client(), Client()
    staf_client.login(username=staf.username, password=PASSWORD)
    sek_client.login(username=sekretaris.username, password=PASSWORD)
    invite_url = f"/staf/konferensi/{conference.pk}/undang/"
    # Staf Humas does not see the send actions at all.
    assert staf_client.get(invite_url).status_code == 404
    assert staf_client.post(invite_url, {"lists": [press["list"].pk]}).status_code == 404
    assert staf_client.post(f"/staf/konferensi/{conference.pk}/batalkan/", {"reason": "x"}).status_code == 404
    assert "Kirim undangan" not in staf_client.get(f"/staf/konferensi/{conference.pk}/").content.decode()
    # Nothing chosen: a form error, nothing written.
    response = sek_client.post(invite_url, {})
    assert response.status_code == 200 and "Pilih sedikitnya satu" in response.content.decode()
    response = sek_client.post(invite_url, {"lists": [press["list"].pk]})
    assert response.status_code == 302
    smtp_sink.wait_for(4)
    assert Invitation.objects.filter(conference=conference).count() == 4
    # The dashboard lists the send with its delivery counts.
    body = sek_client.get(f"/staf/konferensi/{conference.pk}/").content.decode()
    assert "Pengiriman" in body and "Undangan konferensi pers" in body


def test_two_beats_racing_send_the_reminder_once(invited, transactional_db):
    """Two sweeps at the same moment (two beat processes by mistake): the conditional UPDATE
    lets exactly one of them create the reminder distribution."""
    import threading

    from django.db import connection

    conference, invitations = invited
    services.rsvp_answer(invitation=invitations[0], answer="yes")
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=3)
    )
    barrier = threading.Barrier(4)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(services.reminders_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 0, 0, 1]
    assert Distribution.objects.filter(kind="reminder").count() == 1
    assert Delivery.objects.filter(distribution__kind="reminder").count() == 1
