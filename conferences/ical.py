"""iCalendar (.ics) for conferences, built with `icalendar`.

Times are written with TZID=Asia/Jakarta and the matching VTIMEZONE, so every calendar shows
WIB. The UID is stable per conference and SEQUENCE grows on reschedule and cancellation, so a
calendar updates (or removes) the event it already holds instead of adding a second one."""

import zoneinfo
from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from kernel.selectors import organisation_profile_get

from .models import Conference

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
PRODID = "-//Humas//Konferensi Pers//ID"


def _location(conference):
    parts = [p for p in (conference.venue_name, conference.venue_address.replace("\n", ", ")) if p]
    if conference.online_url:
        parts.append(conference.online_url)
    return ", ".join(parts)


def _description(conference, extra_lines=()):
    lines = list(extra_lines)
    if conference.description:
        lines.append(conference.description)
    speakers = list(conference.speakers.all())
    if speakers:
        lines.append("Narasumber: " + "; ".join(str(s) for s in speakers))
    if conference.map_url:
        lines.append(f"Peta: {conference.map_url}")
    if conference.online_url:
        lines.append(f"Tautan daring: {conference.online_url}")
    if conference.status_note:
        lines.append(conference.status_note)
    return "\n\n".join(lines)


def conference_event(conference, *, cancelled=False, extra_lines=(), url=None):
    event = icalendar.Event()
    event.add("uid", conference.ical_uid)
    event.add("sequence", conference.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", timezone.localtime(conference.starts_at, WIB))
    event.add("dtend", timezone.localtime(conference.ends_at, WIB))
    event.add("last-modified", conference.updated_at or datetime.now(UTC))
    title = conference.title
    if cancelled or conference.status == Conference.Status.CANCELLED:
        title = f"DIBATALKAN: {title}"
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("summary", title)
    location = _location(conference)
    if location:
        event.add("location", location)
    description = _description(conference, extra_lines)
    if description:
        event.add("description", description)
    event.add("url", url or (settings.HUMAS_SITE_URL + conference.get_absolute_url()))
    org = organisation_profile_get()
    if org.email:
        organizer = icalendar.vCalAddress(f"mailto:{org.email}")
        organizer.params["cn"] = icalendar.vText(org.name)
        event.add("organizer", organizer)
    return event


def _calendar(method, name=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Asia/Jakarta")
    return cal


def conference_ics(conference, *, cancelled=False, extra_lines=()):
    """One event as bytes, always METHOD:PUBLISH. REQUEST and CANCEL are iTIP scheduling
    messages that must name the ORGANIZER and every ATTENDEE, which a mail to a press list does
    not (and should not: each recipient would see the others); calendars answer an incomplete
    REQUEST with broken "accept" buttons. Under PUBLISH the stable UID and the growing SEQUENCE
    update the event a calendar already holds, and STATUS:CANCELLED marks it cancelled."""
    cal = _calendar("PUBLISH")
    cal.add_component(conference_event(conference, cancelled=cancelled, extra_lines=extra_lines))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(conferences, *, name):
    cal = _calendar("PUBLISH", name=name)
    for conference in conferences:
        cal.add_component(conference_event(conference))
    cal.add_missing_timezones()
    return cal.to_ical()
