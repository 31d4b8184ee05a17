from datetime import date, timedelta

import pytest
from django.urls import reverse

from publicinfo import services

from .factories import make_conference, make_document, publish_release, publish_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(staf, sekretaris, ppid):
    from conferences import services as conf_services

    release = publish_release(staf=staf, sekretaris=sekretaris, title="Vaksinasi gratis di 40 puskesmas")
    statement = publish_statement(staf=staf, sekretaris=sekretaris)
    held = make_conference(
        staf=staf, title="Konferensi Pers Hasil Rapat Banjir", starts_in=timedelta(days=-2)
    )
    held = conf_services.conference_mark_held(actor=staf, conference=held)
    upcoming = make_conference(staf=staf, title="Konferensi Pers Festival Budaya")
    doc = make_document(
        actor=ppid, title="Peraturan Wali Kota tentang Layanan Informasi", category="setiap_saat"
    )
    old = make_document(actor=ppid, title="Laporan Tahunan 2023", day=date(2023, 12, 20))
    hidden = make_document(actor=ppid, title="Draf rencana kerja rahasia", publish=False)
    return {
        "release": release,
        "statement": statement,
        "held": held,
        "upcoming": upcoming,
        "doc": doc,
        "old": old,
        "hidden": hidden,
    }


def _titles(response):
    return response.content.decode()


def test_list_joins_system_items_and_documents_in_kip_categories(client, content):
    html = _titles(client.get(reverse("public:information")))
    for key in ("release", "statement", "held", "doc", "old"):
        assert content[key].title in html
        assert content[key].get_absolute_url() in html
    assert content["hidden"].title not in html
    assert content["upcoming"].title not in html  # a record is of a conference that took place

    serta = _titles(client.get(reverse("public:information"), {"kategori": "serta_merta"}))
    assert content["statement"].title in serta and content["release"].title not in serta
    berkala = _titles(client.get(reverse("public:information"), {"kategori": "berkala"}))
    assert content["release"].title in berkala and content["held"].title in berkala
    assert content["doc"].title not in berkala and content["statement"].title not in berkala
    setiap = _titles(client.get(reverse("public:information"), {"kategori": "setiap_saat"}))
    assert content["doc"].title in setiap and content["release"].title not in setiap


def test_list_filters_by_year_and_text_and_ignores_junk(client, content):
    y2023 = _titles(client.get(reverse("public:information"), {"tahun": "2023"}))
    assert content["old"].title in y2023 and content["release"].title not in y2023
    found = _titles(client.get(reverse("public:information"), {"q": "vaksinasi"}))
    assert content["release"].title in found and content["doc"].title not in found
    for junk in ({"tahun": "abc"}, {"kategori": "<script>"}, {"page": "999"}, {"q": "x" * 5000}):
        assert client.get(reverse("public:information"), junk).status_code == 200


def test_list_query_count_is_flat(client, content, ppid, django_assert_max_num_queries):
    for n in range(15):
        make_document(actor=ppid, title=f"Laporan bulanan nomor {n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("public:information")).status_code == 200


def test_document_page_has_stable_url_and_details(client, content):
    doc = content["doc"]
    assert doc.get_absolute_url() == f"/informasi-publik/{doc.slug}/"
    html = _titles(client.get(doc.get_absolute_url()))
    assert doc.title in html and "Tersedia setiap saat" in html and doc.get_download_url() in html
    assert "31 Maret 2026" in html  # Indonesian date format


def test_contact_page_shows_profile_spokespersons_accreditation_privacy(client, kepala):
    from kernel.services import organisation_profile_update

    organisation_profile_update(
        actor=kepala,
        data={
            "name": "Pemerintah Kota Nusantara",
            "short_name": "Pemkot Nusantara",
            "unit_name": "Bagian Hubungan Masyarakat",
            "address": "Jl. Merdeka No. 1, Nusantara",
            "phone": "(021) 555-0100",
            "email": "humas@nusantarakota.go.id",
            "website": "https://nusantarakota.go.id",
            "release_number_pattern": "{seq:03d}/HUMAS/{year}",
        },
    )
    services.spokesperson_save(
        actor=kepala,
        data={"name": "Rina Wulandari, S.Sos.", "position": "Sekretaris Pers", "phone": "0812 3456 7001"},
    )
    services.spokesperson_save(
        actor=kepala, data={"name": "Tersembunyi", "position": "x", "is_active": False}
    )
    html = _titles(client.get(reverse("publicinfo:contact")))
    for text in (
        "Jl. Merdeka No. 1",
        "humas@nusantarakota.go.id",
        "Rina Wulandari",
        "tel:081234567001",
        "Akreditasi wartawan",
        'id="privasi"',
        "Pelindungan Data Pribadi",
        "openstreetmap.org",
    ):
        assert text in html, text
    assert "Tersembunyi" not in html


def test_public_nav_and_footer_link_every_section(client):
    html = _titles(client.get(reverse("publicinfo:contact")))
    for name in ("releases:list", "conferences:schedule", "crises:statement_list", "public:information"):
        assert f'href="{reverse(name)}"' in html
    assert 'aria-current="page">Kontak Media' in html


def test_indonesian_by_default_english_switchable(client):
    from django.conf import settings

    assert '<html lang="id">' in client.get("/kontak-media/").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/kontak-media/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME in response.cookies
    html = client.get("/kontak-media/").content.decode()
    assert '<html lang="en">' in html
    # The cached Indonesian page is not served to an English reader and vice versa.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert '<html lang="id">' in client.get("/kontak-media/").content.decode()


def test_document_download_is_an_attachment_that_never_runs(client, content):
    """A PPID upload is downloaded, never rendered as a page of this origin, even a PDF."""
    doc = content["doc"]
    response = client.get(doc.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
