"""Browser journey at phone width (375 px), issue 17: a journalist's RSVP page with the check-in
code fits the screen; at the door Staf Humas checks in three journalists (one by search, one by
the code, one a walk-in with the outlet typed at the door); the attendance list is exported with
the outlet and "&" right; Sekretaris Pers closes an incident that still has an open inquiry,
sees the warning, and confirms."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from conferences.links import checkin_code, rsvp_url
from conferences.models import Attendance, Invitation
from crises.models import Incident

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
TITLE = "Konferensi Pers Banjir & Longsor"


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_door_export_and_resolve_at_phone_width(
    page, live_server, staf, sekretaris, browser_login, screenshot, settings
):
    from conferences import services as conferences
    from contacts.models import Journalist, MediaOutlet
    from crises import services as crises
    from kernel.models import OrganisationProfile

    settings.HUMAS_SITE_URL = live_server.url
    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemerintah Kota Nusantara", "email": "humas@nusantara.example.go.id"}
    )
    pos = MediaOutlet.objects.create(name="Harian Pos & Warta", outlet_type="print")
    radio = MediaOutlet.objects.create(name="Radio Suara Kota", outlet_type="radio")
    budi = Journalist.objects.create(name="Budi Santoso", email="budi@pos.example.id", outlet=pos)
    citra = Journalist.objects.create(name="Citra Lestari", email="citra@suara.example.id", outlet=radio)
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=45)
    conference = conferences.conference_create(
        actor=staf,
        data={
            "title": TITLE,
            "description": "Penanganan banjir & longsor di wilayah <utara>.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": "Media Center A & B",
            "is_public": True,
            "reminder_hours": 0,
        },
    )
    budi_inv = Invitation.objects.create(conference=conference, journalist=budi, answer="yes")
    Invitation.objects.create(conference=conference, journalist=citra, answer="maybe")
    page.set_viewport_size(PHONE)

    # 1. Budi opens his RSVP page on his phone: the QR code and the code fit the screen.
    page.goto(_path(rsvp_url(budi_inv)))
    assert page.locator("h1").inner_text() == TITLE
    qr = page.locator(".conf-qr-img svg").bounding_box()
    code_box = page.get_by_test_id("checkin-code").bounding_box()
    assert qr["width"] >= 150 and qr["x"] >= 0 and qr["x"] + qr["width"] <= PHONE["width"]
    assert code_box["x"] >= 0 and code_box["x"] + code_box["width"] <= PHONE["width"]
    assert _fits(page)
    screenshot(page, "door-01-rsvp-code-375")
    # Codes are signed tokens: some have no hyphen for 40+ characters, where the line can not
    # break by itself. Whatever the code, it wraps inside the screen.
    page.evaluate(
        "el => { el.dataset.real = el.textContent; el.textContent = 'HUMAS-1:' + 'x9Z'.repeat(20); }",
        page.get_by_test_id("checkin-code").element_handle(),
    )
    assert _fits(page), "a long check-in code pushes the RSVP page wider than the phone"
    page.evaluate(
        "el => { el.textContent = el.dataset.real; }", page.get_by_test_id("checkin-code").element_handle()
    )
    code = checkin_code(budi_inv)
    assert page.get_by_test_id("checkin-code").inner_text() == code

    # 2. The door: Citra by search, Budi by his code, a walk-in with her outlet.
    browser_login(page, staf.username)
    page.goto(f"/staf/konferensi/{conference.pk}/checkin/")
    page.fill("#id_q", "suara kota")
    row = page.get_by_test_id("checkin-row").filter(has_text="Citra Lestari")
    row.wait_for()
    row.get_by_role("button", name="Hadir").click()
    page.get_by_text("Tercatat hadir").wait_for()
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    assert "Budi Santoso tercatat hadir" in page.content()
    assert _fits(page)
    screenshot(page, "door-02-checkin-375")
    page.get_by_role("link", name="Daftarkan tamu tanpa undangan").click()
    page.fill("#id_name", "Hana Wijaya")
    page.fill("#id_outlet", "Kabar & Warta Daring")
    page.fill("#id_email", "Hana@Kabar.Example.ID")
    page.get_by_label("Bersedia menerima siaran pers").check()
    assert _fits(page)
    screenshot(page, "door-03-walk-in-form-375")
    page.get_by_role("button", name="Catat hadir").click()
    page.wait_for_load_state("networkidle")
    assert "Hana Wijaya tercatat hadir" in page.content()
    assert "Sudah hadir: 3" in page.get_by_test_id("checkin-tally").inner_text()
    hana = Journalist.objects.get(email="hana@kabar.example.id")
    assert hana.outlet.name == "Kabar & Warta Daring"
    assert Attendance.objects.get(conference=conference, journalist=hana).outlet == "Kabar & Warta Daring"

    # 3. The attendance list, exported from the conference page (still on the phone).
    page.goto(f"/staf/konferensi/{conference.pk}/")
    assert TITLE in page.locator("h1").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Daftar hadir (CSV)").click()
    assert download_info.value.suggested_filename.endswith(".csv")
    with open(download_info.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.reader(io.StringIO(fh.read())))
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Hana Wijaya"][2] == "Kabar & Warta Daring"
    assert by_name["Budi Santoso"][2] == "Harian Pos & Warta"
    assert by_name["Citra Lestari"][2] == "Radio Suara Kota"
    assert not any("&amp;" in cell for row in rows for cell in row)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Daftar hadir (XLSX)").click()
    from openpyxl import load_workbook

    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).active
    outlets = {r[1].value: r[2].value for r in list(sheet.iter_rows())[1:]}
    assert outlets["Hana Wijaya"] == "Kabar & Warta Daring"
    screenshot(page, "door-04-conference-detail-375")

    # 4. Sekretaris Pers closes an incident with an open, overdue inquiry: warned, then confirms.
    incident = crises.incident_open(
        actor=staf, title="Banjir & longsor Kecamatan Utara", severity=2, owner=staf
    )
    crises.inquiry_create(
        actor=staf,
        data={
            "incident": incident,
            "journalist_name": "Rina",
            "outlet_name": "TV A & B",
            "question": "Berapa warga yang dievakuasi?",
            "deadline": timezone.now() - timedelta(hours=1),
            "channel": "phone",
        },
    )
    page.context.clear_cookies()
    browser_login(page, sekretaris.username)
    page.goto(incident.get_absolute_url())  # the staff page of the incident
    page.get_by_role("link", name="Tutup insiden").first.click()
    warning = page.get_by_test_id("loose-ends")
    warning.wait_for()
    text = warning.inner_text()
    assert "Rina (TV A & B)" in text and "Lewat tenggat" in text
    assert warning.get_by_role("link").count() == 1
    page.fill("#id_what_happened", "Banjir dan longsor di dua kelurahan.")
    page.fill("#id_what_worked", "Posko cepat dibuka; informasi awal lambat.")
    page.fill("#id_follow_ups", "Jawab pertanyaan media yang tertunda.")
    assert _fits(page)
    screenshot(page, "door-05-resolve-warning-375")
    page.get_by_role("button", name="Tutup insiden").click()
    page.wait_for_load_state("networkidle")
    assert "Tetap selesaikan" in page.content()
    incident.refresh_from_db()
    assert incident.status != Incident.Status.RESOLVED
    screenshot(page, "door-06-resolve-refused-375")
    page.get_by_label("Tetap selesaikan").check()
    page.get_by_role("button", name="Tutup insiden").click()
    page.wait_for_load_state("networkidle")
    assert "Insiden ditutup" in page.content()
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RESOLVED
    screenshot(page, "door-07-resolved-375")
