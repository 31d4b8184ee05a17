"""The public front door in real Chromium: axe-core on every public page kind with realistic
content, phone and desktop screenshots, 320 px reflow, keyboard focus, and the page-weight budget.
Screenshots: var/test-artifacts/portal-*.png."""

from datetime import date, timedelta

import pytest

from tests.a11y import assert_accessible
from tests.publicinfo.factories import make_conference, make_document, publish_release, publish_statement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kernel.pagecache import local_pages

    local_pages.forget()
    yield
    local_pages.forget()


@pytest.fixture
def portal(staf, sekretaris, kepala, ppid):
    from conferences import services as conf_services
    from kernel.services import organisation_profile_update
    from publicinfo.services import spokesperson_save
    from releases.models import Category

    organisation_profile_update(
        actor=kepala,
        data={
            "name": "Pemerintah Kota Nusantara",
            "short_name": "Pemkot Nusantara",
            "unit_name": "Bagian Hubungan Masyarakat",
            "address": "Jl. Merdeka No. 1\nNusantara 12345",
            "phone": "(021) 555-0100",
            "email": "humas@nusantarakota.go.id",
            "website": "https://nusantarakota.go.id",
            "release_number_pattern": "{seq:03d}/HUMAS/{year}",
        },
    )
    category = Category.objects.create(name="Kesehatan", slug="kesehatan")
    releases = [
        publish_release(
            staf=staf,
            sekretaris=sekretaris,
            title=title,
            category=category,
            summary="Pemerintah Kota Nusantara menyampaikan informasi resmi kepada masyarakat tentang "
            "layanan publik, jadwal dan lokasi kegiatan, serta nomor kontak yang dapat dihubungi.",
        )
        for title in (
            "Vaksinasi gratis di 40 puskesmas mulai Senin",
            "Jembatan Kali Baru kembali dibuka untuk kendaraan roda empat",
            "Pasar murah digelar di 14 kecamatan menjelang akhir tahun",
        )
    ]
    statement = publish_statement(staf=staf, sekretaris=sekretaris)
    upcoming = make_conference(staf=staf, title="Konferensi Pers Festival Budaya Nusantara 2026")
    held = make_conference(staf=staf, title="Konferensi Pers Penanganan Banjir", starts_in=timedelta(days=-3))
    conf_services.conference_mark_held(actor=staf, conference=held)
    doc = make_document(
        actor=ppid,
        title="Laporan Kinerja Instansi Pemerintah 2025",
        category="berkala",
        day=date(2026, 3, 31),
    )
    make_document(actor=ppid, title="Standar Layanan Informasi Publik", category="setiap_saat")
    spokesperson_save(
        actor=kepala,
        data={
            "name": "Rina Wulandari, S.Sos.",
            "position": "Sekretaris Pers",
            "topics": "Jadwal kegiatan wali kota, akreditasi media",
            "phone": "0812 3456 7001",
            "email": "pers@nusantarakota.go.id",
        },
    )
    return {"releases": releases, "statement": statement, "conference": upcoming, "doc": doc}


def test_every_public_page_passes_axe(page, portal):
    paths = [
        "/",
        "/siaran-pers/",
        portal["releases"][0].get_absolute_url(),
        "/cari/?q=vaksinasi",
        "/konferensi-pers/",
        portal["conference"].get_absolute_url(),
        "/pernyataan-resmi/",
        portal["statement"].get_absolute_url(),
        "/informasi-publik/",
        "/informasi-publik/?kategori=berkala&tahun=2026&q=laporan",
        portal["doc"].get_absolute_url(),
        "/kontak-media/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page, path)
        # At phone width as well: the layout changes (stacked grid, wrapped navigation).
        page.set_viewport_size({"width": 390, "height": 844})
        assert_accessible(page, f"{path} @390px")
        page.set_viewport_size({"width": 1280, "height": 900})


def test_home_phone_and_desktop_screenshots_and_reflow(page, portal, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    statements = page.locator("[data-testid=home-statements]")
    assert statements.is_visible()
    # The active official statement is the first thing in the main content.
    first_heading = page.locator("main h1, main h2").first
    assert first_heading.inner_text() == "Pernyataan resmi terkini"
    screenshot(page, "portal-home-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    screenshot(page, "portal-home-1280")
    page.goto("/informasi-publik/")
    screenshot(page, "portal-informasi-publik")
    page.goto("/kontak-media/")
    screenshot(page, "portal-kontak-media")

    for path in ("/", "/informasi-publik/", "/kontak-media/", portal["doc"].get_absolute_url()):
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"horizontal scroll at 320 px on {path}: {width}"
    page.goto("/")
    for img in page.locator("img").all():
        assert img.get_attribute("alt") is not None


def test_keyboard_reaches_navigation_search_and_statement_with_visible_focus(page, portal):
    page.goto("/")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {text: (el.innerText || el.getAttribute('aria-label') || el.id || '').trim(),
                        tag: el.tagName, outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        if info["tag"] == "BODY":
            break
        assert info["outline"] != "none" and info["width"] != "0px", info
        seen.append(info["text"])
    for text in ("Langsung ke isi", "Informasi Publik", "Kontak Media", "home-q"):
        assert text in seen, (text, seen)
    # The home has one search box: its own, not the menu's as well.
    assert "nav-q" not in seen
    assert portal["statement"].title in seen
    # Enter on a navigation link follows it.
    page.get_by_role("link", name="Informasi Publik", exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/informasi-publik/")


def test_home_page_weight_budget(page, portal):
    """HTML under 50 KB; HTML + CSS + JS + fonts under 500 KB (photos excluded)."""
    sizes = {}

    def on_response(response):
        kind = response.request.resource_type
        if kind in {"document", "stylesheet", "script", "font"}:
            try:
                sizes[response.url] = (kind, len(response.body()))
            except Exception:  # a redirect has no body
                sizes[response.url] = (kind, 0)

    page.on("response", on_response)
    page.goto("/", wait_until="networkidle")
    html = sum(size for kind, size in sizes.values() if kind == "document")
    total = sum(size for _kind, size in sizes.values())
    assert 0 < html < 50 * 1024, sizes
    assert total < 500 * 1024, sizes
    # The Performance API agrees on what was transferred for the document.
    entry = page.evaluate("() => performance.getEntriesByType('navigation')[0].decodedBodySize")
    assert entry == html


def test_ppid_uploads_a_document_in_the_browser_and_the_public_sees_it(page, ppid, browser_login, tmp_path):
    from publicinfo.demo import minimal_pdf

    pdf = tmp_path / "dip-2026.pdf"
    pdf.write_bytes(minimal_pdf("Daftar Informasi Publik 2026"))
    browser_login(page, ppid.username)
    page.goto("/staf/")
    page.get_by_test_id("staff-nav").get_by_role("link", name="Informasi publik (PPID)").click()
    assert_accessible(page, "staff publicinfo list")
    page.get_by_role("link", name="Unggah dokumen").click()
    assert_accessible(page, "staff publicinfo form")
    page.fill("#id_title", "Daftar Informasi Publik 2026")
    page.select_option("#id_category", "setiap_saat")
    page.fill("#id_date", "2026-01-05")
    page.fill("#id_description", "Daftar seluruh informasi publik yang dikuasai Bagian Humas.")
    page.set_input_files("#id_file", str(pdf))
    page.check("#id_publish")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".message").first.inner_text() == "Dokumen disimpan."
    public = page.context.browser.new_page(base_url=page.url.split("/staf/")[0])
    public.goto("/informasi-publik/?kategori=setiap_saat")
    public.get_by_role("link", name="Daftar Informasi Publik 2026").click()
    assert public.locator("h1").inner_text() == "Daftar Informasi Publik 2026"
    href = public.get_by_role("link", name="Unduh dokumen (PDF)").get_attribute("href")
    response = public.request.get(href)
    assert response.ok and response.body().startswith(b"%PDF-")
    assert "daftar-informasi-publik-2026.pdf" in response.headers["content-disposition"]
    public.close()
