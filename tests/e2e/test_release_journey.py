"""The press secretary's day in a real browser: Staf Humas writes a release in CKEditor 5 (with an
image) and submits it; Sekretaris Pers reads the diff, approves and publishes; the public page
shows it and search finds it. A screenshot at each step (var/test-artifacts/release-*.png)."""

import pytest

from kernel.roles import SEKRETARIS, STAF

from ..releases.conftest import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kernel.pagecache import local_pages

    local_pages.forget()


def test_release_journey(page, make_user, browser_login, screenshot, tmp_path):
    from releases.models import Category, Release

    Category.objects.create(name="Kebencanaan", slug="kebencanaan")
    staf = make_user("andi", STAF, first_name="Andi", last_name="Pratama")
    make_user("rina", SEKRETARIS, first_name="Rina", last_name="Wulandari")
    photo = tmp_path / "posko.png"
    photo.write_bytes(image_bytes(size=(320, 200), color=(30, 120, 200)))

    # 1. Staf Humas writes the release in the editor, with an image uploaded through CKEditor.
    browser_login(page, "andi")
    page.goto("/staf/siaran-pers/baru/")
    page.fill("#id_title", "Pemkot Siagakan 40 Perahu Karet Hadapi Banjir Kiriman")
    page.fill(
        "#id_summary", "Pemerintah Kota menyiagakan 40 perahu karet dan 300 relawan di bantaran sungai."
    )
    editor = page.locator(".ck-editor__editable").first
    editor.click()
    page.keyboard.type("Perahu karet disiagakan di tujuh kelurahan sepanjang bantaran sungai.")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(photo))
    page.locator(".ck-editor__editable figure.image img[src*='/media/releases/editor/']").wait_for()
    # Its text alternative, through the editor's own image toolbar (submit refuses an image without).
    page.locator(".ck-editor__editable figure.image").first.click()
    page.locator(".ck-balloon-panel button[data-cke-tooltip-text*='alternatif' i]").first.click()
    page.locator(".ck-text-alternative-form input").first.fill("Perahu karet di bantaran sungai")
    page.keyboard.press("Enter")
    page.locator(".ck-editor__editable img[alt='Perahu karet di bantaran sungai']").wait_for()
    page.select_option("#id_category", label="Kebencanaan")
    page.fill("#id_tags_text", "banjir, relawan")
    page.fill("#id_quotes-0-speaker", "Wali Kota Nusantara")
    page.fill("#id_quotes-0-text", "Keselamatan warga adalah prioritas kami.")
    page.fill("#id_contacts-0-name", "Rina Wulandari")
    page.fill("#id_contacts-0-email", "rina@example.go.id")
    screenshot(page, "release-1-editor")
    page.get_by_test_id("save-release").click()
    page.wait_for_load_state("networkidle")
    release = Release.objects.get()
    assert release.author == staf
    assert "/media/releases/editor/" in release.body and "tujuh kelurahan" in release.body

    # A second save, so the reviewer has a diff to read.
    page.goto(f"/staf/siaran-pers/{release.pk}/ubah/")
    page.fill("#id_title", "Pemkot Siagakan 45 Perahu Karet Hadapi Banjir Kiriman")
    page.get_by_test_id("save-release").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state("networkidle")
    assert "Menunggu persetujuan" in page.content()
    screenshot(page, "release-2-submitted")
    page.get_by_role("button", name="Keluar").click()

    # 2. Sekretaris Pers finds it in the queue, reads the diff, approves and publishes.
    browser_login(page, "rina")
    page.goto("/staf/siaran-pers/menunggu-persetujuan/")
    page.get_by_role("link", name="Pemkot Siagakan 45 Perahu Karet Hadapi Banjir Kiriman").click()
    page.get_by_test_id("compare").click()
    diff = page.get_by_test_id("diff")
    assert diff.locator("del", has_text="40").count() >= 1
    assert diff.locator("ins", has_text="45").count() >= 1
    screenshot(page, "release-3-diff")
    page.go_back()
    page.get_by_test_id("approve").click()
    page.wait_for_load_state("networkidle")
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED and release.number
    page.get_by_test_id("publish").click()
    page.wait_for_load_state("networkidle")
    assert "Siaran pers diterbitkan." in page.content()
    screenshot(page, "release-4-published")
    page.get_by_role("button", name="Keluar").click()

    # 3. The public sees it, and search finds it.
    page.goto("/siaran-pers/")
    page.get_by_role("link", name="Pemkot Siagakan 45 Perahu Karet Hadapi Banjir Kiriman").click()
    article = page.get_by_test_id("release")
    assert release.number in article.inner_text()
    assert "WIB" in article.inner_text()
    assert "Keselamatan warga adalah prioritas kami." in article.inner_text()
    screenshot(page, "release-5-public")
    page.fill("#nav-q", "perahu karet")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    results = page.get_by_test_id("search-results")
    assert "Pemkot Siagakan 45 Perahu Karet" in results.inner_text()
    assert results.locator("mark").count() >= 1
    screenshot(page, "release-6-search")
