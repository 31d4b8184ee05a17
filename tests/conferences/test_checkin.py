import csv
import io
from datetime import timedelta

import pytest

from conferences import exports, services
from conferences.models import Attendance
from kernel.models import AuditEntry
from kernel.refusal import Refusal
from tests.conferences.links import checkin_code_make
from tests.conftest import PASSWORD
from tests.conftest import HumasClient as Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(press, make_conference):
    """The shared fixture's conference, starting in an hour: the door is open (check-in is
    accepted from two hours before the start)."""
    from conferences.models import Invitation

    conference = make_conference(starts_in=timedelta(hours=1))
    invitations = [
        Invitation.objects.create(conference=conference, journalist=j) for j in press["people"][:4]
    ]
    return conference, invitations


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_checkin_is_idempotent_in_the_service(invited, staf):
    conference, invitations = invited
    first, created = services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])
    again, created_again = services.checkin_invitation(
        actor=staf, conference=conference, invitation=invitations[0]
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Attendance.objects.filter(conference=conference).count() == 1
    assert AuditEntry.objects.filter(action="conference.checkin").count() == 1


def test_checkin_twice_over_http_is_harmless(invited, staf):
    conference, invitations = invited
    client = login(staf)
    url = f"/staf/konferensi/{conference.pk}/checkin/{invitations[1].pk}/"
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "sudah tercatat hadir" in response.content.decode()
    assert Attendance.objects.filter(conference=conference, journalist=invitations[1].journalist).count() == 1
    # htmx swaps the row in place.
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Sudah hadir" in response.content.decode()


def test_checkin_by_scanned_code(invited, staf, make_conference):
    conference, invitations = invited
    client = login(staf)
    code = checkin_code_make(invitations[2])
    response = client.post(
        f"/staf/konferensi/{conference.pk}/checkin/kode/", {"code": f"  {code}\n"}, follow=True
    )
    assert "Dimas Anggara tercatat hadir" in response.content.decode()
    client.post(f"/staf/konferensi/{conference.pk}/checkin/kode/", {"code": code})
    assert Attendance.objects.filter(conference=conference).count() == 1
    # A tampered code, and a valid code of another conference, are refused.
    other = make_conference(title="Konferensi Lain")
    for bad, where in ((code[:-1] + ("x" if code[-1] != "x" else "y"), conference), (code, other)):
        response = client.post(f"/staf/konferensi/{where.pk}/checkin/kode/", {"code": bad}, follow=True)
        assert "Kode tidak dikenali" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_search_by_name_or_outlet(invited, staf):
    conference, _invitations = invited
    client = login(staf)
    body = client.get(f"/staf/konferensi/{conference.pk}/checkin/?q=suara").content.decode()
    assert "Citra Lestari" in body and "Eka Putri" in body and "Budi Santoso" not in body
    partial = client.get(
        f"/staf/konferensi/{conference.pk}/checkin/?q=budi",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="checkin-results",
    ).content.decode()
    assert "Budi Santoso" in partial and "<html" not in partial


def test_walk_in_registration(invited, staf):
    from contacts.models import Journalist

    conference, invitations = invited
    client = login(staf)
    url = f"/staf/konferensi/{conference.pk}/checkin/tanpa-undangan/"
    response = client.post(url, {"name": "Gita Rahma", "outlet": "TV Kota", "phone": "0812 3456 7890"})
    assert response.status_code == 302
    walk_in = Attendance.objects.get(name="Gita Rahma")
    assert walk_in.is_walk_in and walk_in.journalist is None and walk_in.outlet == "TV Kota"
    # With consent and an address, a contact is created with its lawful basis recorded.
    client.post(
        url,
        {"name": "Hana Wijaya", "outlet": "Kabar Daring", "email": "hana@kabar.example.id", "consent": "on"},
    )
    hana = Journalist.objects.get(email="hana@kabar.example.id")
    assert (
        hana.lawful_basis == "consent" and hana.consent_date and "Registrasi di tempat" in hana.consent_source
    )
    # An invited journalist registered at the door is checked in once, not as a walk-in.
    client.post(url, {"name": "Budi S.", "email": "BUDI@nusantarapos.example.id"})
    client.post(url, {"name": "Budi S.", "email": "budi@nusantarapos.example.id"})
    budi = Attendance.objects.get(conference=conference, journalist=invitations[0].journalist)
    assert not budi.is_walk_in
    assert Attendance.objects.filter(conference=conference).count() == 3
    # Consent without an address is a form error, nothing written.
    response = client.post(url, {"name": "Tanpa Email", "consent": "on"})
    assert response.status_code == 200 and "Isi e-mail" in response.content.decode()
    assert not Attendance.objects.filter(name="Tanpa Email").exists()


def test_no_checkin_on_a_cancelled_conference(invited, staf):
    conference, invitations = invited
    conference.status = "cancelled"
    conference.save()
    with pytest.raises(Refusal):
        services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])


def test_attendance_exports(invited, staf, org_profile):
    conference, invitations = invited
    services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])
    services.checkin_walk_in(actor=staf, conference=conference, name='=HYPERLINK("x")', outlet="TV Kota")
    client = login(staf)
    response = client.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["No.", "Nama"]
    assert rows[1][1] == "Budi Santoso" and rows[1][2] == "Harian Nusantara Pos"
    assert rows[2][1].startswith("'=")  # no formula injection
    assert rows[1][6].endswith("WIB")
    response = client.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Budi Santoso" in text and "Pemerintah Kota Nusantara" in text


def test_every_attendance_download_is_audited(invited, staf, org_profile):
    """The attendance list names people with their e-mails and phones (UU PDP): each download,
    CSV or PDF, leaves an audit entry saying who took it (fails on the old code: no entry)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    conference, invitations = invited
    services.checkin_invitation(actor=staf, conference=conference, invitation=invitations[0])
    client = login(staf)
    client.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.csv")
    client.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.pdf")
    entries = AuditEntry.objects.filter(
        action="conference.attendance_export",
        content_type=ContentType.objects.get_for_model(conference),
        object_id=str(conference.pk),
    ).order_by("id")
    assert [(e.actor, e.data["format"], e.data["rows"]) for e in entries] == [
        (staf, "csv", 1),
        (staf, "pdf", 1),
    ]
    # Someone without the permission gets a 404 and leaves no entry behind.
    outsider = get_user_model().objects.create_user("luar", password="x")
    other = Client()
    other.force_login(outsider)
    assert other.post(f"/staf/konferensi/{conference.pk}/daftar-hadir.csv").status_code == 404
    assert entries.count() == 2


def test_pdf_fetches_nothing_external(invited, staf):
    conference, _invitations = invited
    with pytest.raises(ValueError):
        exports._refuse_all("file:///etc/passwd")
    conference.title = '<img src="file:///etc/passwd"> Judul'
    conference.save()
    assert exports.attendance_pdf(conference).startswith(b"%PDF")
