"""The release mail in a real browser, opened from a file as a mail client does (no base URL),
with the live server as the public base URL: nothing scrolls sideways on a phone and every
image really loads from the public address. Also the embargo room and the staff preview frame."""

import re

import pytest

from releases.distribution_hooks import release_mail
from releases.models import Release
from tests.conftest import ARTIFACTS
from tests.releases.mail_fixtures import rich_release


def screenshot_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


S = Release.Status
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const images = Array.from(document.images).map(img => ({
    src: img.currentSrc || img.src, complete: img.complete, natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width, right: img.getBoundingClientRect().right,
  }));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    widest: Math.max(...Array.from(document.querySelectorAll('body *')).map(e => e.getBoundingClientRect().right)),
    images,
  };
}"""


@pytest.fixture
def public_site(settings, live_server, tmp_path):
    settings.HUMAS_SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HUMAS_MEDIA_ACCEL = False
    return live_server.url


def _journalist():
    from contacts.models import Journalist

    return Journalist.objects.create(name="Ani Wartawati", email="ani@nusantara.example.id")


def _open_mail_file(chromium, path, width):
    # A context without base_url: the page knows only its file:// address, like a mail client.
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    return context, page


def _check(page, site, width):
    m = page.evaluate(MEASURE)
    assert m["innerWidth"] == width
    assert m["scrollWidth"] <= width, m
    assert m["widest"] <= width + 0.5, m
    assert len(m["images"]) == 4
    for img in m["images"]:
        assert img["src"].startswith(site + "/"), img
        assert img["natural"] > 0, f"image did not load: {img}"
        assert img["right"] <= width + 0.5, img
    return m


@pytest.mark.parametrize("embargo", [False, True], ids=["public", "embargoed"])
def test_mail_from_a_file_fits_375_and_800_and_every_image_loads(
    public_site, chromium, release_in_state, staf, sekretaris, tmp_path, screenshot, embargo
):
    if embargo:
        release = rich_release(release_in_state, staf, sekretaris, S.APPROVED, embargo_hours=6)
    else:
        release = rich_release(release_in_state, staf, sekretaris, S.PUBLISHED)
    mail = release_mail(release, _journalist(), None)
    assert "<base" not in mail.html
    path = tmp_path / "mail.html"
    path.write_text(mail.html, encoding="utf-8")
    name = "embargoed" if embargo else "public"
    for width in (375, 800):
        context, page = _open_mail_file(chromium, path, width)
        try:
            measured = _check(page, public_site, width)
            hero = measured["images"][0]
            # The hero fills the 600 px mail on a wide screen and the screen on a phone.
            assert hero["shown"] == (600 if width == 800 else width - 16)
            screenshot(page, f"release-mail-{name}-{width}")
        finally:
            context.close()


def test_embargo_room_page_in_the_browser(
    public_site, chromium, release_in_state, staf, sekretaris, screenshot
):
    release = rich_release(release_in_state, staf, sekretaris, S.APPROVED, embargo_hours=6)
    mail = release_mail(release, _journalist(), None)
    room = re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', mail.html).group(1)
    for width in (375, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        page = context.new_page()
        try:
            response = page.goto(room)
            assert response.status == 200
            page.wait_for_load_state("networkidle")
            # The gallery's previews load lazily: bring them into view first.
            for img in page.locator("img").all():
                img.scroll_into_view_if_needed()
            page.wait_for_function("Array.from(document.images).every(i => i.complete)")
            page.evaluate("window.scrollTo(0, 0)")
            assert "EMBARGO s.d." in page.get_by_test_id("room-banner").inner_text()
            assert page.get_by_test_id("room-zip").is_visible()
            m = page.evaluate(MEASURE)
            assert m["scrollWidth"] <= width, m
            room_images = [i for i in m["images"] if "/gambar-surat/" in i["src"]]
            assert len(room_images) == 1 + 1 + 3  # hero, body image, hero and two photos in the gallery
            assert all(i["natural"] > 0 for i in room_images), room_images
            screenshot(page, f"embargo-room-{width}")
        finally:
            context.close()


def test_staff_page_shows_the_mail_styled_in_a_sandboxed_frame(
    public_site, page, release_in_state, staf, sekretaris, browser_login, screenshot
):
    release = rich_release(release_in_state, staf, sekretaris, S.APPROVED, embargo_hours=6)
    browser_login(page, staf.username)
    page.goto(f"/staf/siaran-pers/{release.pk}/")
    frame_element = page.get_by_test_id("mail-preview")
    assert frame_element.get_attribute("sandbox") == ""
    frame_element.scroll_into_view_if_needed()
    frame = page.frame_locator("[data-testid=mail-preview]")
    heading = frame.locator("h1")
    assert heading.inner_text() == release.title
    # Styled as sent: the inline styles apply (a srcdoc frame under the page's policy lost them).
    assert heading.evaluate("h => getComputedStyle(h).fontSize") == "22px"
    assert frame.locator("img").first.evaluate("i => i.naturalWidth") > 0
    page.get_by_test_id("whatsapp-text").scroll_into_view_if_needed()
    assert page.get_by_test_id("whatsapp-text").input_value().startswith("*EMBARGO s.d. ")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_test_id("whatsapp-copy").click()
    from playwright.sync_api import expect

    expect(page.get_by_test_id("whatsapp-copy")).to_have_text("Tersalin")
    assert (
        page.evaluate("navigator.clipboard.readText()") == page.get_by_test_id("whatsapp-text").input_value()
    )
    assert (
        page.get_by_test_id("whatsapp-share")
        .get_attribute("href")
        .startswith("https://wa.me/?text=%2AEMBARGO")
    )
    screenshot(page, "release-staff-mail-preview")
    frame_element.screenshot(path=str(screenshot_dir() / "release-staff-mail-frame.png"))
