"""Conferences as tried by their users (issue 17): lists by the clock, the check-in window, the
invitation's calendar method, walk-ins through the contacts services."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.utils import timezone

from conferences import mails, services
from conferences.models import Attendance, Conference, Invitation
from kernel.models import AuditEntry
from kernel.refusal import Refusal
from tests.conftest import PASSWORD
from tests.conftest import HumasClient as Client

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _place(conference, *, starts_in, hours=2):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)
    )
    conference.refresh_from_db()
    return conference


@pytest.fixture
def three_times(make_conference):
    """One conference going on now, one to come, one finished (beat has not marked it held)."""
    now_on = _place(make_conference(title="Sedang Jalan"), starts_in=-timedelta(minutes=30))
    coming = make_conference(title="Nanti Saja", starts_in=timedelta(days=2))
    done = _place(make_conference(title="Sudah Lewat"), starts_in=-timedelta(days=2))
    return now_on, coming, done


def _section(html, start_marker, end_markers):
    start = html.index(start_marker)
    ends = [html.index(m, start + 1) for m in end_markers if m in html[start + 1 :]]
    return html[start : min(ends) if ends else len(html)]


def test_public_schedule_puts_each_conference_under_its_time(client, three_times):
    now_on, coming, done = three_times
    html = client.get("/konferensi-pers/").content.decode()
    upcoming = _section(html, 'data-testid="upcoming"', ['data-testid="past"', "</main>"])
    assert coming.title in upcoming
    assert now_on.title not in upcoming and done.title not in upcoming
    in_progress = _section(html, 'data-testid="in-progress"', ['data-testid="upcoming"'])
    assert "Sedang berlangsung" in html and now_on.title in in_progress
    past = _section(html, 'data-testid="past"', ["</main>"])
    assert "Selesai" in html and done.title in past and coming.title not in past


def test_staff_list_puts_each_conference_under_its_time(staf, three_times):
    now_on, coming, done = three_times
    html = login(staf).get("/staf/konferensi/").content.decode()
    groups = {
        key: _section(html, f'data-testid="group-{key}"', ['data-testid="group-', "</main>"])
        for key in ("in_progress", "upcoming", "past")
    }
    assert now_on.title in groups["in_progress"] and now_on.title not in groups["upcoming"]
    assert coming.title in groups["upcoming"]
    assert done.title in groups["past"] and done.title not in groups["upcoming"]
    assert "Sedang berlangsung" in html and "Akan datang" in html and "Selesai" in html


@pytest.fixture
def invited_later(press, make_conference):
    conference = make_conference(starts_in=timedelta(days=3))
    invitation = Invitation.objects.create(conference=conference, journalist=press["people"][0])
    return conference, invitation


def test_check_in_days_before_the_event_is_refused(staf, invited_later):
    conference, invitation = invited_later
    with pytest.raises(Refusal) as refused:
        services.checkin_invitation(actor=staf, conference=conference, invitation=invitation)
    assert refused.value.code == "checkin_not_open" and "2 jam sebelum acara" in str(refused.value)
    with pytest.raises(Refusal):
        services.checkin_walk_in(actor=staf, conference=conference, name="Tamu", outlet="TV")
    assert not Attendance.objects.exists()
    client = login(staf)
    page = client.get(f"/staf/konferensi/{conference.pk}/checkin/").content.decode()
    assert 'data-testid="checkin-closed"' in page and "Check-in belum dibuka" in page
    response = client.post(f"/staf/konferensi/{conference.pk}/checkin/{invitation.pk}/", follow=True)
    assert "Check-in belum dibuka" in response.content.decode()
    assert not Attendance.objects.exists()


def test_check_in_window_from_two_hours_before_to_the_end_of_the_day(staf, invited_later):
    conference, invitation = invited_later
    start = timezone.localtime(conference.starts_at)
    with time_machine.travel(start - timedelta(hours=2, minutes=1), tick=False), pytest.raises(Refusal):
        services.checkin_invitation(actor=staf, conference=conference, invitation=invitation)
    end_of_day = timezone.localtime(conference.ends_at).replace(hour=23, minute=59, second=0)
    with time_machine.travel(end_of_day + timedelta(minutes=2), tick=False):
        with pytest.raises(Refusal) as refused:
            services.checkin_invitation(actor=staf, conference=conference, invitation=invitation)
        assert refused.value.code == "checkin_closed"
    with time_machine.travel(start - timedelta(hours=1, minutes=59), tick=False):
        _attendance, created = services.checkin_invitation(
            actor=staf, conference=conference, invitation=invitation
        )
    assert created
    with time_machine.travel(end_of_day, tick=False):
        services.checkin_walk_in(actor=staf, conference=conference, name="Terlambat", outlet="Radio")
    assert Attendance.objects.filter(conference=conference).count() == 2


def test_invitation_ics_is_publish_without_an_incomplete_request(invited_later, org_profile):
    conference, invitation = invited_later
    for builder in (
        mails.invitation_mail,
        mails.reminder_mail,
        mails.reschedule_mail,
        mails.cancellation_mail,
    ):
        mail = builder(conference, invitation.journalist, None)
        name, data, content_type = mail.attachments[0]
        assert content_type == "text/calendar" and name.endswith(".ics")
        cal = icalendar.Calendar.from_ical(data)
        assert cal["METHOD"] == "PUBLISH"
        assert b"ATTENDEE" not in data
    cancelled = icalendar.Calendar.from_ical(
        mails.cancellation_mail(conference, invitation.journalist, None).attachments[0][1]
    )
    assert cancelled.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


@pytest.fixture
def door(press, make_conference):
    conference = make_conference(starts_in=timedelta(minutes=30))
    Invitation.objects.create(conference=conference, journalist=press["people"][0])
    return conference


def test_walk_in_keeps_the_outlet_and_goes_through_the_contacts_services(staf, door, press):
    from contacts.models import Journalist, MediaOutlet

    client = login(staf)
    url = f"/staf/konferensi/{door.pk}/checkin/tanpa-undangan/"
    response = client.post(
        url,
        {
            "name": "Hana Wijaya",
            "outlet": "Kabar & Warta <Daring>",
            "email": "  Hana.Wijaya@Kabar.Example.ID ",
            "phone": "0812 3456 7890",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    hana = Journalist.objects.get(email="hana.wijaya@kabar.example.id")  # normalised
    assert hana.outlet is not None and hana.outlet.name == "Kabar & Warta <Daring>"
    assert hana.lawful_basis == "consent" and "Registrasi di tempat" in hana.consent_source
    attendance = Attendance.objects.get(conference=door, journalist=hana)
    assert (
        attendance.outlet == "Kabar & Warta <Daring>" and attendance.email == "hana.wijaya@kabar.example.id"
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"contacts.journalist.create", "contacts.outlet.create", "conference.walk_in"} <= actions

    # An outlet we know (another spelling of its case) is found, not duplicated.
    client.post(
        url,
        {"name": "Iwan", "outlet": "harian nusantara pos", "email": "iwan@pos.example.id", "consent": "on"},
    )
    iwan = Journalist.objects.get(email="iwan@pos.example.id")
    assert iwan.outlet == press["outlets"][0]
    assert MediaOutlet.objects.filter(name__iexact="harian nusantara pos").count() == 1
    assert Attendance.objects.get(conference=door, journalist=iwan).outlet == "harian nusantara pos"

    # Without consent nothing becomes a contact, and the outlet typed stays on the list.
    client.post(url, {"name": "Joko", "outlet": "TV Kota & Sekitarnya", "email": "joko@tv.example.id"})
    assert not Journalist.objects.filter(email="joko@tv.example.id").exists()
    assert Attendance.objects.get(name="Joko").outlet == "TV Kota & Sekitarnya"

    # The page that lists them shows the outlet once escaped.
    page = client.get(f"/staf/konferensi/{door.pk}/").content.decode()
    assert "Kabar &amp; Warta &lt;Daring&gt;" in page and "&amp;amp;" not in page


def test_walk_in_with_a_suppressed_address_is_checked_in_but_not_made_a_contact(staf, door):
    from contacts.models import Journalist
    from contacts.services import _suppress

    _suppress("keluar@example.id", "unsubscribed")
    attendance, created = services.checkin_walk_in(
        actor=staf, conference=door, name="Keluar", outlet="Radio", email="keluar@example.id", consent=True
    )
    assert created and attendance.journalist is None and attendance.outlet == "Radio"
    assert not Journalist.objects.filter(email="keluar@example.id").exists()
