"""Phones, in real Chromium at 320 px: no public page type and no main staff page overflows
sideways; the menu is collapsed behind a disclosure that opens by keyboard and shows the links;
staff lists read as cards; a wide table in a release scrolls inside its own box.
Screenshots: var/test-artifacts/phone-*.png."""

import pytest
from django.utils import timezone

from tests.portal.newsroom_content import make_newsroom

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kernel.pagecache import local_pages

    local_pages.forget()
    yield
    local_pages.forget()


@pytest.fixture
def newsroom(staf, sekretaris, ppid, kepala):
    from contacts.models import ContactList, Journalist, MediaOutlet
    from distribution import services as distribution_services
    from portal.search import search_words_rebuild

    content = make_newsroom(staf=staf, sekretaris=sekretaris, ppid=ppid, kepala=kepala)
    outlet = MediaOutlet.objects.create(
        name="Harian Nusantara Raya", outlet_type="print", region="Jawa Tengah"
    )
    people = [
        Journalist.objects.create(
            name=f"Wartawan Senior Nomor {i}",
            email=f"wartawan.senior.nomor{i}@harian-nusantara-raya.example.id",
            outlet=outlet,
            beat="Pemerintahan dan politik daerah",
            region="Kota Nusantara",
        )
        for i in range(4)
    ]
    people[3].do_not_contact = True
    people[3].opted_out_at = timezone.now()
    people[3].save()
    contact_list = ContactList.objects.create(name="Wartawan daerah")
    contact_list.members.add(*people)
    distribution = distribution_services.distribution_create(
        actor=sekretaris, source=content["release"], lists=[contact_list]
    )
    content["distribution"] = distribution
    search_words_rebuild()
    return content


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + '#' + e.id + ' right=' + Math.round(e.getBoundingClientRect().right) + ' in ' + (e.parentElement && e.parentElement.className) + ' ' + (e.getAttribute('src') || '').slice(0, 60))"""


def assert_no_sideways_scroll(page, label):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    # The message names the first elements that stick out, so a failure says where to look.
    assert width <= PHONE["width"], (
        f"horizontal scroll at 320 px on {label}: {width}; {page.evaluate(WIDEST)}"
    )


def test_every_public_page_type_fits_320_px(page, newsroom, screenshot):
    page.set_viewport_size(PHONE)
    paths = {
        "home": "/",
        "release-list": "/siaran-pers/",
        "release": newsroom["release"].get_absolute_url(),
        "search": "/cari/?q=banjir",
        "search-typo": "/cari/?q=banjri",
        "statement": newsroom["statement"].get_absolute_url(),
        "statement-list": "/pernyataan-resmi/",
        "conference-list": "/konferensi-pers/",
        "conference": newsroom["conference"].get_absolute_url(),
        "information": "/informasi-publik/",
        "document": newsroom["document"].get_absolute_url(),
        "kontak-media": "/kontak-media/",
    }
    for name, path in paths.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_sideways_scroll(page, path)
        # The wide menu is not shown; the disclosure is, closed.
        assert page.locator(".public-nav .nav-wide").is_hidden(), path
        assert page.locator("[data-testid=nav-menu] summary").is_visible(), path
        screenshot(page, f"phone-{name}-320")

    # The release's wide table scrolls inside its box, not the page.
    page.goto(newsroom["release"].get_absolute_url())
    box = page.locator(".release-body .table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    # Its cells keep a readable width (not a letter per line).
    assert box.locator("th").first.evaluate("el => el.getBoundingClientRect().width") >= 90
    assert page.locator(".gallery img").count() == 3
    assert page.get_by_test_id("release-updated").is_visible()
    page.get_by_test_id("release-updated").locator("a").click()
    assert page.url.endswith("#koreksi")
    assert page.get_by_test_id("did-you-mean").count() == 0


def test_phone_menu_opens_by_keyboard_and_shows_every_link(page, newsroom, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/siaran-pers/")
    menu = page.get_by_test_id("nav-menu")
    links = menu.locator(".nav-narrow-links a")
    assert not links.first.is_visible()
    summary = menu.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert menu.evaluate("el => el.open")
    assert links.count() == 7 and links.first.is_visible()
    assert menu.locator("a[aria-current=page]").inner_text() == "Siaran Pers"
    assert_no_sideways_scroll(page, "open menu")
    screenshot(page, "phone-menu-open-320", full_page=False)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Beranda"
    menu.get_by_role("link", name="Kontak Media").click()
    page.wait_for_url("**/kontak-media/")
    # Wide again: the row of links, no disclosure.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".public-nav .nav-wide a").first.is_visible()
    assert page.get_by_test_id("nav-menu").is_hidden()


def test_share_copy_link_in_the_browser(page, newsroom):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(newsroom["release"].get_absolute_url())
    share = page.get_by_test_id("share")
    button = share.get_by_role("button", name="Salin tautan")
    assert button.is_visible()  # shown by the script; hidden without it
    button.click()
    share.locator(".share-status").filter(has_text="Tautan disalin").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.endswith(newsroom["release"].get_absolute_url())
    assert share.get_by_role("link", name="WhatsApp").get_attribute("href").startswith("https://wa.me/?text=")


def test_main_staff_pages_fit_320_px_and_lists_are_cards(
    page, newsroom, sekretaris, browser_login, screenshot
):
    browser_login(page, sekretaris.username)
    page.set_viewport_size(PHONE)
    release = newsroom["release"]
    paths = {
        "dashboard": "/staf/",
        "release-list": "/staf/siaran-pers/",
        "release-edit": f"/staf/siaran-pers/{release.pk}/koreksi/",
        "release-detail": f"/staf/siaran-pers/{release.pk}/",
        "contacts": "/staf/kontak/",
        "distribution-list": "/staf/distribusi/",
        "distribution-report": f"/staf/distribusi/{newsroom['distribution'].pk}/laporan/",
    }
    for name, path in paths.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert_no_sideways_scroll(page, path)
        assert page.get_by_test_id("staff-nav-menu").locator("summary").is_visible(), path
        assert page.locator(".staff-nav .nav-wide").is_hidden(), path
        screenshot(page, f"phone-staff-{name}-320")

    # Lists as cards: each cell on its own line, labelled with its column.
    page.goto("/staf/siaran-pers/")
    cell = page.locator("[data-testid=release-table] tbody tr").first.locator("td").nth(2)
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Status: "'
    page.goto("/staf/kontak/")
    row = page.locator("table.cards-on-phone tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    assert "E-mail" in row.locator("td[data-label='E-mail']").evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    # The staff menu opens and shows the staff links.
    page.get_by_test_id("staff-nav-menu").locator("summary").click()
    assert page.get_by_test_id("staff-nav-menu").get_by_role("link", name="Lihat situs publik").is_visible()
    assert_no_sideways_scroll(page, "open staff menu")
    screenshot(page, "phone-staff-menu-open-320", full_page=False)
