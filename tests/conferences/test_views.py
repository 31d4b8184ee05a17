from datetime import timedelta

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, Invitation
from kernel.models import AuditEntry
from kernel.refusal import Refusal
from tests.conferences.helpers import open_the_door
from tests.conftest import PASSWORD
from tests.conftest import HumasClient as Client

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(starts_at, **extra):
    data = {
        "title": "Konferensi Pers Penanganan Banjir Kali Ciliwung",
        "description": "Perkembangan penanganan banjir <script>alert(1)</script>",
        "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(starts_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Media Center Balai Kota",
        "venue_address": "Jl. Merdeka No. 1",
        "map_url": "https://maps.example.id/mc",
        "online_url": "",
        "release": "",
        "is_public": "on",
        "reminder_hours": "24",
        "speakers_text": "Ir. Hendra Wijaya - Wali Kota\nDewi Lestari",
    }
    data.update(extra)
    return data


def test_staf_creates_a_conference_with_wib_times(staf):
    client = login(staf)
    assert client.get("/staf/konferensi/baru/").status_code == 200
    response = client.post("/staf/konferensi/baru/", form_data(timezone.now() + timedelta(days=2)))
    assert response.status_code == 302
    conference = Conference.objects.get()
    # Plain text is stored as typed and escaped once where it is shown (issue 17).
    assert conference.description == "Perkembangan penanganan banjir <script>alert(1)</script>"
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert [s.name for s in conference.speakers.all()] == ["Ir. Hendra Wijaya", "Dewi Lestari"]
    assert conference.speakers.first().role == "Wali Kota"
    assert conference.slug.startswith("konferensi-pers-penanganan-banjir")
    local = timezone.localtime(conference.starts_at)
    assert local.utcoffset() == timedelta(hours=7)
    assert AuditEntry.objects.filter(action="conference.create").count() == 1


def test_end_before_start_is_a_form_error_and_needs_a_place(staf):
    client = login(staf)
    start = timezone.now() + timedelta(days=2)
    data = form_data(start, ends_at=timezone.localtime(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post("/staf/konferensi/baru/", data)
    assert (
        response.status_code == 200 and "Waktu selesai harus setelah waktu mulai" in response.content.decode()
    )
    response = client.post("/staf/konferensi/baru/", form_data(start, venue_name="", online_url=""))
    assert "Isi tempat acara" in response.content.decode()
    assert not Conference.objects.exists()


def test_overlap_is_a_warning_not_an_error(staf, make_conference):
    existing = make_conference(title="Konferensi Pertama")
    client = login(staf)
    response = client.post(
        "/staf/konferensi/baru/", form_data(existing.starts_at + timedelta(minutes=30)), follow=True
    )
    body = response.content.decode()
    assert Conference.objects.count() == 2  # saved
    assert "bertabrakan" in body and "Konferensi Pertama" in body
    # A conference well after both does not warn.
    response = client.post(
        "/staf/konferensi/baru/",
        form_data(existing.ends_at + timedelta(hours=3), title="Konferensi Berikutnya"),
        follow=True,
    )
    assert "bertabrakan" not in response.content.decode()


def test_live_overlap_check_on_the_form(staf, make_conference):
    existing = make_conference(title="Konferensi Pertama")
    client = login(staf)
    fmt = "%Y-%m-%dT%H:%M"
    start = timezone.localtime(existing.starts_at + timedelta(minutes=15))
    url = "/staf/konferensi/cek-bentrok/"
    params = {"starts_at": start.strftime(fmt), "ends_at": (start + timedelta(hours=1)).strftime(fmt)}
    body = client.get(url, params).content.decode()
    assert "bertabrakan" in body and "Konferensi Pertama" in body
    # Its own times are not a clash when editing it; garbage input is just no warning.
    assert "bertabrakan" not in client.get(url, {**params, "exclude": existing.pk}).content.decode()
    assert client.get(url, {"starts_at": "kemarin", "ends_at": "x"}).status_code == 200
    form_page = client.get("/staf/konferensi/baru/").content.decode()
    assert 'id="overlap-warning"' in form_page and "htmx.min.js" in form_page


def test_times_locked_once_invited(staf, invited):
    conference, _inv = invited
    Conference.objects.filter(pk=conference.pk).update(invitations_sent_at=timezone.now())
    with pytest.raises(Refusal):
        services.conference_update(
            actor=staf, conference=conference, data={"starts_at": conference.starts_at + timedelta(hours=1)}
        )
    client = login(staf)
    data = form_data(conference.starts_at + timedelta(days=1), title="Judul baru")
    response = client.post(f"/staf/konferensi/{conference.pk}/ubah/", data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Judul baru"  # edited...
    assert conference.starts_at == Conference.objects.get(pk=conference.pk).starts_at  # ...time kept


def test_rsvp_dashboard_counts_and_names(staf, invited, django_assert_max_num_queries):
    conference, invitations = invited
    for invitation, answer in zip(invitations, ["yes", "yes", "maybe", "no"], strict=True):
        services.rsvp_answer(invitation=invitation, answer=answer)
    conference = open_the_door(conference)
    services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])
    client = login(staf)
    with django_assert_max_num_queries(20):
        response = client.get(f"/staf/konferensi/{conference.pk}/")
    body = response.content.decode()
    counts = response.context["counts"]
    assert (counts["yes"], counts["maybe"], counts["no"], counts["none"], counts["attended"]) == (
        2,
        1,
        1,
        0,
        1,
    )
    for invitation in invitations:
        assert invitation.journalist.name in body
    filtered = client.get(f"/staf/konferensi/{conference.pk}/?jawaban=maybe").content.decode()
    assert "Dimas Anggara" in filtered and "Budi Santoso" not in filtered


def test_list_page_has_no_n_plus_one(staf, make_conference, press, django_assert_max_num_queries):
    for i in range(8):
        c = make_conference(title=f"Konferensi {i}", starts_in=timedelta(days=i + 1))
        for j in press["people"][:3]:
            Invitation.objects.create(conference=c, journalist=j, answer="yes")
    client = login(staf)
    with django_assert_max_num_queries(12):
        response = client.get("/staf/konferensi/")
    assert response.status_code == 200
    assert "Konferensi 7" in response.content.decode()


def test_roles_and_404s(ppid, outsider, staf, sekretaris, make_conference):
    conference = make_conference()
    for user in (ppid, outsider):
        client = login(user)
        for url in (
            "/staf/konferensi/",
            f"/staf/konferensi/{conference.pk}/",
            f"/staf/konferensi/{conference.pk}/checkin/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.csv").status_code == 404, user
    anonymous = Client().get("/staf/konferensi/")
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    assert login(staf).get("/staf/konferensi/999999/").status_code == 404
    # Staf may not send follow-ups; Sekretaris sees the send actions.
    assert login(staf).post(f"/staf/konferensi/{conference.pk}/tindak-lanjut/attended/").status_code == 404
    body = login(sekretaris).get(f"/staf/konferensi/{conference.pk}/").content.decode()
    assert "Kirim undangan" in body and "Batalkan" in body


def test_public_schedule_and_detail(client, make_conference, sekretaris):
    upcoming = make_conference(title="Konferensi Terbuka Mendatang")
    closed = make_conference(title="Taklimat Tertutup", is_public=False)
    past = make_conference(title="Konferensi Kemarin", starts_in=-timedelta(days=1))
    cancelled = make_conference(title="Konferensi Dibatalkan", starts_in=timedelta(days=5))
    services.conference_cancel(actor=sekretaris, conference=cancelled, reason="Agenda bentrok")
    body = client.get("/konferensi-pers/").content.decode()
    assert "Konferensi Terbuka Mendatang" in body and "Konferensi Kemarin" in body
    assert "Taklimat Tertutup" not in body
    assert "DIBATALKAN" in body
    assert client.get(upcoming.get_absolute_url()).status_code == 200
    assert client.get(past.get_absolute_url()).status_code == 200
    response = client.get(f"/konferensi-pers/{closed.slug}/")
    assert response.status_code == 404 and b"Taklimat" not in response.content
    page = client.get(cancelled.get_absolute_url()).content.decode()
    assert "DIBATALKAN" in page and "Agenda bentrok" in page
    assert client.get("/konferensi-pers/tidak-ada/").status_code == 404


def test_mark_held_and_beat_sweep(staf, make_conference):
    conference = make_conference()
    with pytest.raises(Refusal):
        services.conference_mark_held(actor=staf, conference=conference)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    from conferences.tasks import mark_past_held

    mark_past_held.apply()
    conference.refresh_from_db()
    assert conference.status == "held"


def test_builders_render_for_a_test_send_sample(make_conference, org_profile):
    """distribution_send_test renders with an unsaved sample journalist: no personal links, no crash."""
    from contacts.models import Journalist
    from distribution.registry import builder_for

    conference = make_conference()
    sample = Journalist(name="Sekretaris Uji", email="uji@example.go.id")
    for kind in (
        "invitation",
        "reminder",
        "reschedule",
        "cancellation",
        "followup_attended",
        "followup_absent",
    ):
        mail = builder_for(conference, kind)(conference, sample, None)
        assert conference.title.upper() in mail.text and conference.title in mail.html
    assert not Invitation.objects.exists()
