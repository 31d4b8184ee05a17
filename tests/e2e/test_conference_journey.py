"""Browser journey: Staf Humas creates a conference, Sekretaris Pers sends the invitations
(real distribution ledger, Celery worker and SMTP sink), a journalist answers through the
personal link, and the door checks people in on a phone by search and by the QR code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conferences.models import Attendance, Conference, Invitation
from tests.conferences.helpers import open_the_door

pytestmark = pytest.mark.e2e


def _mail_text(item):
    return item["message"].get_body(preferencelist=("plain",)).get_content()


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_conference_journey(
    page, live_server, celery_worker, smtp_sink, staf, sekretaris, browser_login, screenshot, settings
):
    from contacts.models import ContactList, Journalist, MediaOutlet
    from kernel.models import OrganisationProfile

    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemerintah Kota Nusantara", "email": "humas@nusantara.example.go.id"}
    )
    pos = MediaOutlet.objects.create(name="Harian Nusantara Pos", outlet_type="print")
    radio = MediaOutlet.objects.create(name="Radio Suara Kota", outlet_type="radio")
    budi = Journalist.objects.create(name="Budi Santoso", email="budi@nusantarapos.example.id", outlet=pos)
    citra = Journalist.objects.create(name="Citra Lestari", email="citra@suarakota.example.id", outlet=radio)
    press = ContactList.objects.create(name="Wartawan Balai Kota")
    press.members.add(budi, citra)

    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    Conference.objects.create(
        title="Taklimat Dinas Perhubungan",
        slug="taklimat-dishub",
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=2),
        venue_name="Kantor Dishub",
    )

    # 1. Staf Humas creates the conference.
    browser_login(page, staf.username)
    page.goto("/staf/konferensi/")
    page.get_by_role("link", name="Konferensi baru").click()
    page.fill("#id_title", "Konferensi Pers Pembukaan Festival Budaya")
    page.fill("#id_description", "Pemaparan rangkaian acara festival dan pengaturan lalu lintas.")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.press("#id_ends_at", "Tab")
    # Another planned conference at 11.00 the same day: a live warning, not an error.
    warning = page.get_by_test_id("form-overlap-warning")
    warning.wait_for()
    assert "Taklimat Dinas Perhubungan" in warning.inner_text()
    page.fill("#id_venue_name", "Media Center Balai Kota")
    page.fill("#id_venue_address", "Jl. Merdeka No. 1")
    page.fill("#id_speakers_text", "Drs. Ahmad Fauzi - Wali Kota")
    screenshot(page, "conference-01-create-form")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    conference = Conference.objects.get(title="Konferensi Pers Pembukaan Festival Budaya")
    assert timezone.localtime(conference.starts_at) == start
    assert "Konferensi pers dibuat" in page.content()
    assert page.get_by_test_id("overlap-warning").is_visible()
    assert page.get_by_role("link", name="Kirim undangan").count() == 0  # not for Staf Humas

    # 2. Sekretaris Pers sends the invitations.
    page.context.clear_cookies()
    browser_login(page, sekretaris.username)
    page.goto(f"/staf/konferensi/{conference.pk}/")
    page.get_by_role("link", name="Kirim undangan").click()
    page.get_by_label("Wartawan Balai Kota").check()
    page.get_by_role("button", name="Kirim undangan").click()
    page.wait_for_load_state("networkidle")
    assert "Undangan sedang dikirim" in page.content()
    mails = smtp_sink.wait_for(2)
    budi_mail = next(m for m in mails if m["to"] == [budi.email])
    text = _mail_text(budi_mail)
    yes_link = next(
        line.split(": ", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("Hadir:")
    )
    code = text.split("kode ini:", 1)[1].strip().splitlines()[0].strip()

    # 3. The journalist answers through the personal link (anonymous), then changes the answer.
    page.context.clear_cookies()
    page.goto(_path(yes_link))
    assert page.locator("h1").inner_text() == conference.title
    page.get_by_role("button", name="Hadir", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Hadir" in page.get_by_test_id("current-answer").inner_text()
    screenshot(page, "conference-02-rsvp-answered")
    page.get_by_role("button", name="Mungkin").click()
    page.wait_for_load_state("networkidle")
    assert "Mungkin" in page.get_by_test_id("current-answer").inner_text()
    assert Invitation.objects.filter(conference=conference, journalist=budi).get().answer == "maybe"
    assert page.get_by_test_id("checkin-code").inner_text() == code

    # 4. The door, on a phone: Staf Humas checks in by search and by the QR code. The door
    # opens two hours before the start: the day has come (the event starts in an hour).
    conference = open_the_door(conference)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, staf.username)
    page.goto(f"/staf/konferensi/{conference.pk}/checkin/")
    # The camera button appears only where the browser itself can read QR codes.
    page.wait_for_load_state("load")
    has_detector = page.evaluate("'BarcodeDetector' in window && !!navigator.mediaDevices")
    assert page.locator("#camera-scan").is_visible() == has_detector
    page.fill("#id_q", "suara kota")  # by outlet, htmx fills the results as one types
    row = page.get_by_test_id("checkin-row").filter(has_text="Citra Lestari")
    row.wait_for()
    screenshot(page, "conference-03-checkin-search-phone")
    row.get_by_role("button", name="Hadir").click()
    page.get_by_text("Tercatat hadir").wait_for()
    screenshot(page, "conference-04-checkin-done-phone")
    # The scanner types Budi's code and presses Enter.
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    assert "Budi Santoso tercatat hadir" in page.content()
    screenshot(page, "conference-05-checkin-code-phone")
    # Scanning the same code again is harmless.
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    assert "sudah tercatat hadir" in page.content()
    assert Attendance.objects.filter(conference=conference).count() == 2
    # The page fits the phone: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "Sudah hadir: 2" in page.get_by_test_id("checkin-tally").inner_text()

    # 5. Back at the desk: the RSVP dashboard shows counts and names, and the public page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/staf/konferensi/{conference.pk}/")
    counts = page.get_by_test_id("rsvp-counts").inner_text()
    assert "1\nMungkin" in counts and "2\nSudah check-in" in counts
    table = page.get_by_test_id("rsvp-table").inner_text()
    assert "Budi Santoso" in table and "Citra Lestari" in table
    assert "Undangan konferensi pers" in page.get_by_test_id("distributions").inner_text()
    screenshot(page, "conference-06-rsvp-dashboard")
    page.goto("/konferensi-pers/")
    assert conference.title in page.get_by_test_id("upcoming").inner_text()
    screenshot(page, "conference-07-public-schedule")
