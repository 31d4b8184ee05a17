import zoneinfo
from datetime import datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from conferences import services
from conferences.ical import conference_ics, feed_ics
from conferences.models import Conference
from tests.conferences.links import rsvp_path

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def parse_events(data):
    cal = icalendar.Calendar.from_ical(data)
    return cal, list(cal.walk("VEVENT"))


def fixed_conference(make_conference):
    conference = make_conference(starts_in=timedelta(days=10))
    start = datetime(2031, 3, 17, 9, 30, tzinfo=WIB)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1, minutes=30)
    )
    conference.refresh_from_db()
    return conference


def assert_wib(event, start_hm, end_hm, day):
    dtstart = event.decoded("dtstart")
    dtend = event.decoded("dtend")
    assert dtstart.tzinfo is not None and dtend.tzinfo is not None
    assert dtstart.utcoffset() == timedelta(hours=7)
    assert (dtstart.day, dtstart.hour, dtstart.minute) == (day, *start_hm)
    assert (dtend.hour, dtend.minute) == end_hm
    assert event["DTSTART"].params.get("TZID") == "Asia/Jakarta"


def test_single_event_ics_has_wib_times_and_vtimezone(make_conference, org_profile):
    conference = fixed_conference(make_conference)
    cal, events = parse_events(conference_ics(conference))
    assert cal["METHOD"] == "PUBLISH"
    (event,) = events
    assert_wib(event, (9, 30), (11, 0), 17)
    # The same instant in UTC: 02:30Z.
    assert event.decoded("dtstart").astimezone(zoneinfo.ZoneInfo("UTC")).hour == 2
    tz = cal.walk("VTIMEZONE")
    assert tz and tz[0]["TZID"] == "Asia/Jakarta"
    assert str(event["SUMMARY"]) == conference.title
    assert "Ruang Rapat Utama Balai Kota" in str(event["LOCATION"])
    assert "Ir. Hendra Wijaya" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == conference.ical_uid
    assert "mailto:humas@nusantara.example.go.id" in str(event["ORGANIZER"])


def test_uid_stable_sequence_bumped_on_reschedule_and_cancel(make_conference, sekretaris, monkeypatch):
    conference = fixed_conference(make_conference)
    _c, (before,) = parse_events(conference_ics(conference))
    new_start = timezone.now().replace(microsecond=0) + timedelta(days=20)
    conference, _dist = services.conference_reschedule(
        actor=sekretaris,
        conference=conference,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=2),
        reason="Menyesuaikan agenda Wali Kota",
    )
    _c, (after,) = parse_events(conference_ics(conference))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("dtstart") == new_start
    assert after.decoded("dtstart").utcoffset() == timedelta(hours=7)
    conference, _dist = services.conference_cancel(
        actor=sekretaris, conference=conference, reason="Cuaca buruk"
    )
    cal, (cancelled,) = parse_events(conference_ics(conference, cancelled=True))
    assert cal["METHOD"] == "PUBLISH"
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["UID"]) == str(before["UID"])
    assert int(cancelled["SEQUENCE"]) == int(before["SEQUENCE"]) + 2


def test_public_feed_lists_upcoming_public_conferences_only(client, make_conference):
    shown = make_conference(title="Konferensi Terbuka")
    make_conference(title="Taklimat Tertutup", is_public=False)
    response = client.get("/konferensi-pers/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal, events = parse_events(response.content)
    assert [str(e["SUMMARY"]) for e in events] == ["Konferensi Terbuka"]
    assert events[0].decoded("dtstart") == shown.starts_at
    assert events[0]["DTSTART"].params.get("TZID") == "Asia/Jakarta"
    assert cal.walk("VTIMEZONE")


def test_every_downloadable_ics_parses(client, invited, make_conference):
    conference, invitations = invited
    for url in (
        f"/konferensi-pers/{conference.slug}/acara.ics",
        rsvp_path(invitations[0]) + "acara.ics",
        "/konferensi-pers/kalender.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _cal, events = parse_events(response.content)
        assert events, url
        for event in events:
            assert event.decoded("dtstart").utcoffset() == timedelta(hours=7)
    # A closed conference has no public .ics (404, no title leaked).
    closed = make_conference(title="Rahasia Negara", is_public=False)
    response = client.get(f"/konferensi-pers/{closed.slug}/acara.ics")
    assert response.status_code == 404 and b"Rahasia" not in response.content


def test_empty_feed_is_valid(client):
    cal, events = parse_events(feed_ics([], name="Kosong"))
    assert events == [] and cal["X-WR-CALNAME"] == "Kosong"
