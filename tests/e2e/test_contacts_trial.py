"""Browser journey for the contacts trial fixes (issue 17): an import with an unallocated phone
prefix imports with a warning and an error file; the inquiry form's journalist picker searches as
you type; two records of one person are merged."""

import pytest

from contacts.models import Journalist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MESSY = (
    "Nama;Surel;No HP;Media;Jenis Media;Desk;Wilayah\n"
    "Budi Santoso;budi@harian.example;0841-2345-6789;Harian Nusantara & Co;cetak;Politik;Kab. Sidoarjo\n"
    "Citra Lestari;citra@harian.example;0813 1111 2222;Harian Nusantara & Co;;Ekonomi;Jatim\n"
    "Budi S.;budi.s@gmail.example;0812-3456-7890;;;;\n"
)


def test_import_warning_picker_and_merge(page, sekretaris, browser_login, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    browser_login(page, sekretaris.username)
    page.goto("/staf/kontak/impor/")
    page.set_input_files(
        "#id_file", files=[{"name": "wartawan.csv", "mimeType": "text/csv", "buffer": MESSY.encode()}]
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state("networkidle")
    # One unallocated 084… number no longer blocks the file: a warning naming row and value.
    assert page.get_by_test_id("import-status").inner_text() == "Siap diimpor"
    assert page.get_by_test_id("count-warnings").inner_text() == "1"
    report = page.get_by_test_id("import-report").inner_text()
    assert "0841-2345-6789" in report
    assert page.get_by_test_id("error-file").count() == 1
    screenshot(page, "contacts-import-warnings")
    page.get_by_role("button", name="Impor sekarang").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("import-status").inner_text() == "Selesai"
    budi = Journalist.objects.get(email="budi@harian.example")
    assert budi.flagged_values == {"phone": "0841-2345-6789"} and budi.region == "Kabupaten Sidoarjo"
    assert Journalist.objects.get(email="citra@harian.example").region == "Jawa Timur"

    # The inquiry form: type, pick from the list, save.
    page.goto("/staf/krisis/pertanyaan-media/baru/")
    page.fill("#id_journalist", "citr")
    page.locator(".picker-options li[role=option]").first.wait_for()
    screenshot(page, "inquiry-journalist-picker", full_page=False)
    page.locator(".picker-options li[role=option]").first.click()
    assert page.input_value("[name=journalist]") == str(
        Journalist.objects.get(email="citra@harian.example").pk
    )

    # Two records of one Budi: compare, merge.
    page.goto(f"/staf/kontak/wartawan/{budi.pk}/")
    page.fill("#id_duplicate", "budi.s")
    page.locator(".picker-options li[role=option]").first.click()
    page.get_by_role("button", name="Bandingkan").click()
    page.wait_for_load_state("networkidle")
    assert "budi.s@gmail.example" in page.get_by_test_id("merge-compare").inner_text()
    screenshot(page, "contacts-merge-compare")
    page.get_by_role("button", name="Gabungkan").click()
    page.wait_for_load_state("networkidle")
    assert "budi.s@gmail.example" in page.get_by_test_id("contact-points").inner_text()
    other = Journalist.objects.get(email="budi.s@gmail.example")
    assert other.merged_into_id == budi.pk
    budi.refresh_from_db()
    assert str(budi.phone) == "+6281234567890"  # filled from the duplicate
    screenshot(page, "contacts-merged")
