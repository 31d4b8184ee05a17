"""Browser journey: upload a messy file, read the report, fix it, import, build a list from a segment."""

import pytest

from contacts.models import ContactList, Journalist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROKEN = (
    "Nama;Surel;No HP;Media;Jenis Media;Desk;Wilayah\n"
    "Budi Santoso;budi@harian.example;0812-3456-7890;Harian Nusantara;cetak;Politik;Surabaya\n"
    "Citra Lestari;citra-di-harian;0813 1111 2222;Harian Nusantara;cetak;Ekonomi;Surabaya\n"
    "Dewi Anggraini;dewi@tv.example;;TV Merdeka;televisi;Politik;Surabaya\n"
    "Eko Prasetyo;eko@radio.example;;Radio Suara;radio;Olahraga;Malang\n"
)
FIXED = BROKEN.replace("citra-di-harian", "citra@harian.example")


def upload(page, content, name):
    page.goto("/staf/kontak/impor/")
    page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("cp1252")}]
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state("networkidle")


def test_import_fix_import_and_list_from_segment(page, staf, browser_login, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    browser_login(page, staf.username)
    page.locator("[data-nav='staff_contacts:journalist_list']").click()
    page.get_by_role("link", name="Impor CSV/XLSX").click()

    upload(page, BROKEN, "wartawan-jatim.csv")
    assert page.get_by_test_id("import-status").inner_text() == "Ada kesalahan"
    report = page.get_by_test_id("import-report")
    error_row = report.locator("tr.row-error")
    assert error_row.count() == 1
    assert error_row.locator("td").nth(0).inner_text() == "3"
    assert "Alamat e-mail tidak valid" in error_row.inner_text()
    assert page.get_by_role("button", name="Impor sekarang").count() == 0
    screenshot(page, "contacts-import-report")
    assert Journalist.objects.count() == 0

    upload(page, FIXED, "wartawan-jatim-perbaikan.csv")
    assert page.get_by_test_id("import-status").inner_text() == "Siap diimpor"
    assert page.get_by_test_id("count-created").inner_text() == "4"
    page.get_by_role("button", name="Impor sekarang").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("import-status").inner_text() == "Selesai"
    assert Journalist.objects.count() == 4
    assert str(Journalist.objects.get(email="budi@harian.example").phone) == "+6281234567890"

    page.goto("/staf/kontak/")
    page.fill("#id_q", "harian")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_load_state("networkidle")
    assert "2 wartawan" in page.get_by_test_id("result-count").inner_text()
    screenshot(page, "contacts-list")

    page.goto("/staf/kontak/segmen/baru/")
    page.fill("#id_name", "Politik Surabaya")
    # Desks and regions come from the controlled lists: the import added "Politik" to the desks
    # and mapped "Surabaya" to Kota Surabaya; a province takes in its cities.
    page.select_option("#id_beats", ["Politik"])
    page.select_option("#id_regions", ["Jawa Timur"])
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    assert "2 wartawan dapat dihubungi" in page.get_by_test_id("segment-count").inner_text()
    page.fill("#id_name", "Desk Politik Surabaya")
    page.get_by_role("button", name="Simpan sebagai daftar kontak").click()
    page.wait_for_load_state("networkidle")
    assert "2 anggota" in page.get_by_test_id("member-count").inner_text()
    screenshot(page, "contacts-list-from-segment")
    members = set(
        ContactList.objects.get(name="Desk Politik Surabaya").members.values_list("name", flat=True)
    )
    assert members == {"Budi Santoso", "Dewi Anggraini"}


def test_unsubscribe_page_and_erasure(page, kepala, browser_login, screenshot):
    from contacts.tokens import unsubscribe_path

    j = Journalist.objects.create(name="Rudi Hartono", email="rudi@warta.example", beat="Ekonomi")
    other = Journalist.objects.create(name="Tari Wulandari", email="tari@warta.example")
    # The public page: a confirmation first, then the opt-out.
    page.goto(unsubscribe_path(other))
    page.get_by_role("button", name="Ya, berhenti berlangganan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("unsubscribed").is_visible()
    screenshot(page, "contacts-unsubscribed")
    other.refresh_from_db()
    assert other.do_not_contact
    page.goto(unsubscribe_path(other)[:-3] + "xx/")
    assert "Tautan tidak dapat digunakan" in page.locator("h1").inner_text()

    browser_login(page, kepala.username)
    page.goto(f"/staf/kontak/wartawan/{j.pk}/")
    page.get_by_role("link", name="Permintaan subjek data (PDP)").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh JSON").click()
    assert download.value.suggested_filename.startswith(f"data-pribadi-{j.pk}-")
    # Reason and confirmation are required (the browser refuses to submit without them).
    page.get_by_role("button", name="Hapus data pribadi").click()
    assert page.locator("#id_reason").evaluate("el => el.validity.valueMissing")
    j.refresh_from_db()
    assert j.erased_at is None
    page.fill("#id_reason", "Permintaan tertulis subjek data, surel 3 Maret 2026")
    page.check("#id_confirm")
    page.get_by_role("button", name="Hapus data pribadi").click()
    page.wait_for_load_state("networkidle")
    assert "telah dihapus" in page.locator(".alert-ok").first.inner_text()
    screenshot(page, "contacts-erased")
    j.refresh_from_db()
    assert j.erased_at and j.email == f"dihapus-{j.pk}@invalid.example"
