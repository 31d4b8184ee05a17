"""Typed text escaped exactly once where it is shown (issue 17): "&" is "&amp;" in HTML and "&"
everywhere else (mail text, subjects, .ics, CSV, XLSX, PDF), never "&amp;amp;" or "&amp;" in
a file; angle-bracketed text survives. Plus the data repair of what was stored escaped."""

import csv
import importlib
import io
import subprocess
from datetime import timedelta

import icalendar
import pytest
from django.apps import apps as global_apps
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.conftest import HumasClient as Client

pytestmark = pytest.mark.django_db

TITLE = 'Rapat & Evaluasi <Banjir> "Kota"'
TITLE_HTML = "Rapat &amp; Evaluasi &lt;Banjir&gt; &quot;Kota&quot;"
VENUE = "Gedung A & B"
OUTLET = 'Kabar & Warta "Daring"'


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pdf_text(data):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def org(db):
    from kernel.models import OrganisationProfile

    OrganisationProfile.objects.update_or_create(
        pk=OrganisationProfile.SINGLETON_PK,
        defaults={"name": "Pemerintah Kota Nusantara", "email": "humas@nusantara.example.go.id"},
    )


@pytest.fixture
def conference(staf, org):
    from conferences import services
    from conferences.models import Invitation
    from contacts.models import Journalist, MediaOutlet

    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30)
    conference = services.conference_create(
        actor=staf,
        data={
            "title": TITLE,
            "description": "Bahas A & B <penting>",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": VENUE,
            "venue_address": "Jl. Merdeka & Sudirman No. 1",
            "is_public": True,
            "reminder_hours": 0,
        },
        speakers=[("Ir. Hendra & Tim", "Wali Kota")],
    )
    outlet = MediaOutlet.objects.create(name=OUTLET, outlet_type="online")
    budi = Journalist.objects.create(name="Budi & Sari", email="budi@example.id", outlet=outlet)
    invitation = Invitation.objects.create(conference=conference, journalist=budi)
    services.checkin_invitation(actor=staf, conference=conference, invitation=invitation)
    services.checkin_walk_in(actor=staf, conference=conference, name="Tamu <Pintu>", outlet="TV A & B")
    return conference


def test_conference_pages_escape_once(client, staf, conference):
    for page in (
        login(staf).get(reverse("staff_conferences:detail", args=[conference.pk])).content.decode(),
        client.get(conference.get_absolute_url()).content.decode(),
        client.get("/konferensi-pers/").content.decode(),
    ):
        assert TITLE_HTML in page
        assert "&amp;amp;" not in page and "&amp;lt;" not in page
    public = client.get(conference.get_absolute_url()).content.decode()
    assert "Gedung A &amp; B" in public and "Bahas A &amp; B &lt;penting&gt;" in public


def test_invitation_mail_and_ics_carry_the_text_as_typed(conference):
    from conferences import mails
    from contacts.models import Journalist

    budi = Journalist.objects.get(email="budi@example.id")
    mail = mails.invitation_mail(conference, budi, None)
    assert TITLE in mail.subject
    assert TITLE.upper() in mail.text and "Gedung A & B" in mail.text and "&amp;" not in mail.text
    assert TITLE_HTML in mail.html and "&amp;amp;" not in mail.html
    ics = mail.attachments[0][1]
    assert b"&amp;" not in ics and b"&lt;" not in ics
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLE
    assert "Gedung A & B" in str(event["LOCATION"])
    assert "Bahas A & B <penting>" in str(event["DESCRIPTION"])


def test_public_ics_feed_is_unescaped(client, conference):
    body = client.get(reverse("conferences:detail_ics", args=[conference.slug])).content
    assert b"&amp;" not in body
    assert str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"]) == TITLE


def test_attendance_csv_xlsx_pdf_carry_the_text_as_typed(staf, conference):
    from openpyxl import load_workbook

    client = login(staf)
    response = client.post(reverse("staff_conferences:attendance_csv", args=[conference.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][1:3] == ["Budi & Sari", OUTLET]
    assert rows[2][1:3] == ["Tamu <Pintu>", "TV A & B"]

    response = client.post(reverse("staff_conferences:attendance_xlsx", args=[conference.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1:3] == ["Budi & Sari", OUTLET] and values[2][1:3] == ["Tamu <Pintu>", "TV A & B"]

    response = client.post(reverse("staff_conferences:attendance_pdf", args=[conference.pk]))
    text = pdf_text(response.content)
    assert "Rapat & Evaluasi <Banjir>" in text and "Budi & Sari" in text and "TV A & B" in text
    assert "&amp;" not in text


def test_contacts_export_keeps_ampersands_and_quotes(staf):
    from openpyxl import load_workbook

    from contacts import services

    outlet = services.outlet_save(actor=staf, data={"name": OUTLET, "outlet_type": "online"})
    services.journalist_save(
        actor=staf, data={"name": 'Rina "R" & Co <Biro>', "email": "rina@example.id", "outlet": outlet}
    )
    client = login(staf)
    url = reverse("staff_contacts:journalist_export")
    response = client.post(url + "?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if r[1] == "rina@example.id")
    assert row[0] == 'Rina "R" & Co <Biro>' and row[3] == OUTLET
    response = client.post(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    row = next(r for r in values if r[1] == "rina@example.id")
    assert row[0] == 'Rina "R" & Co <Biro>' and row[3] == OUTLET


def test_release_title_in_its_press_kit_pdf(staf, org):
    from releases import services
    from releases.presskit.rendering import presskit_render_inputs
    from releases.presskit.selectors import presskit_inputs

    release = services.release_create(
        actor=staf,
        data={
            "title": 'Banjir & Longsor <Update> "Kota"',
            "summary": "Warga A & B dievakuasi",
            "body": "<p>Isi &amp; rincian</p>",
        },
        quotes=[{"speaker": "Hendra & Tim", "role": "Wali Kota", "text": "Kami siap <selalu>."}],
    )
    text = " ".join(pdf_text(presskit_render_inputs(presskit_inputs(release)).pdf).split())
    assert 'Banjir & Longsor <Update> "Kota"' in text
    assert "Warga A & B dievakuasi" in text and "Isi & rincian" in text and "Kami siap <selalu>." in text
    assert "&amp;" not in text


def _run_repair(app_label, migration):
    module = importlib.import_module(f"{app_label}.migrations.{migration}")
    (operation,) = module.Migration.operations
    operation.code(global_apps, None)


def test_data_migrations_repair_what_was_stored_escaped(staf, conference, open_incident_for_repair):
    """What the old escape-on-save left in the tables is unescaped once; rich text and values
    that do not look escaped stay as they are."""
    from conferences.models import Attendance, Conference, Speaker
    from crises.models import Incident, Statement
    from kernel.models import Notification

    incident, statement = open_incident_for_repair
    Conference.objects.filter(pk=conference.pk).update(
        title="Rapat &amp; Evaluasi  &quot;Kota&quot;",
        venue_name="Gedung A &amp; B",
        description="AT&T &copy",
    )
    Speaker.objects.filter(conference=conference).update(role="Kepala &lt;Dinas&gt;")
    Attendance.objects.filter(conference=conference, is_walk_in=True).update(outlet="TV A &amp;amp; B")
    Incident.objects.filter(pk=incident.pk).update(title="Banjir &amp; Longsor", description="O&#x27;Neil")
    Statement.objects.filter(pk=statement.pk).update(title="Pernyataan &amp; Sikap", body="<p>A &amp; B</p>")
    note = Notification.objects.first()
    Notification.objects.filter(pk=note.pk).update(subject="Insiden &amp; X")

    for app_label, migration in [
        ("conferences", "0002_repair_escaped_plain_text"),
        ("crises", "0003_repair_escaped_plain_text"),
        ("kernel", "0007_repair_escaped_plain_text"),
        ("releases", "0007_repair_escaped_plain_text"),
        ("contacts", "0010_repair_escaped_plain_text"),
        ("distribution", "0006_repair_escaped_plain_text"),
    ]:
        _run_repair(app_label, migration)

    conference.refresh_from_db()
    assert conference.title == 'Rapat & Evaluasi  "Kota"' and conference.venue_name == "Gedung A & B"
    assert conference.description == "AT&T &copy"  # did not look escaped: untouched
    assert Speaker.objects.get(conference=conference).role == "Kepala <Dinas>"
    # Escaped twice (escape-on-save, then an edit of the escaped text): one round per run.
    assert Attendance.objects.get(conference=conference, is_walk_in=True).outlet == "TV A &amp; B"
    incident.refresh_from_db()
    assert incident.title == "Banjir & Longsor" and incident.description == "O'Neil"
    statement.refresh_from_db()
    assert statement.title == "Pernyataan & Sikap"
    assert statement.body == "<p>A &amp; B</p>"  # rich text: nh3's HTML, left alone
    assert Notification.objects.get(pk=note.pk).subject == "Insiden & X"


@pytest.fixture
def open_incident_for_repair(staf, sekretaris):
    from crises import services

    incident = services.incident_open(actor=staf, title="Banjir", severity=1, owner=staf)
    statement = services.statement_draft(actor=staf, incident=incident, title="Pernyataan", body="<p>Isi</p>")
    return incident, statement
