"""The one public search (/cari/): releases, official statements, public-information documents
and conferences, labelled and filterable by kind, paged, in a constant number of queries, never
showing what is not public, with "did you mean" for a typo."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import SearchWord
from portal.search import search_words_rebuild
from releases import services as release_services
from releases.models import Release
from tests.publicinfo.factories import make_conference, make_document, publish_release, publish_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(staf, sekretaris, ppid):
    release = publish_release(
        staf=staf, sekretaris=sekretaris, title="Banjir di Sukamaju: posko kesehatan dibuka"
    )
    embargoed = publish_release(staf=staf, sekretaris=sekretaris, title="Banjir rahasia sebelum embargo")
    Release.objects.filter(pk=embargoed.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    draft = release_services.release_create(actor=staf, data={"title": "Draf banjir anggaran rahasia"})
    statement = publish_statement(
        staf=staf, sekretaris=sekretaris, title="Pernyataan Resmi: Banjir di Kecamatan Sukamaju"
    )
    conference = make_conference(staf=staf, title="Konferensi Pers Penanganan Banjir Sukamaju")
    document = make_document(actor=ppid, title="Laporan Penanganan Banjir 2025")
    hidden = make_document(actor=ppid, title="Dokumen banjir belum terbit", publish=False)
    return locals()


def _search(client, **params):
    response = client.get("/cari/", params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_one_search_finds_every_public_kind_labelled(content):
    response, body = _search(Client(), q="banjir")
    assert reverse("public:search") == "/cari/"  # the releases' search address, kept
    for key in ("release", "statement", "conference", "document"):
        assert content[key].get_absolute_url() in body, key
    for label in ("Siaran pers", "Pernyataan resmi", "Dokumen informasi publik", "Konferensi pers"):
        assert f'<span class="badge kind-badge">{label}</span>' in body, label
    for key in ("embargoed", "draft", "hidden"):
        assert content[key].slug not in body and content[key].title not in body, key
    assert '<meta name="robots" content="noindex, follow">' in body
    assert response["X-Robots-Tag"] == "noindex"
    _response, body = _search(Client(), q="pengungsian")
    assert "<mark>pengungsian" in body


def test_filter_by_kind_and_counts(content):
    _response, body = _search(Client(), q="banjir", jenis="dokumen")
    assert content["document"].get_absolute_url() in body
    assert content["release"].get_absolute_url() not in body
    assert content["statement"].get_absolute_url() not in body
    # Every kind's count stays on the filter bar, the chosen kind is marked.
    assert 'jenis=dokumen" aria-current="page"' in body
    assert 'Semua <span class="count">4</span>' in body
    # An unknown kind is "all", not an error.
    _response, body = _search(Client(), q="banjir", jenis="<script>")
    assert content["release"].get_absolute_url() in body and "<script>" not in body


def test_stemmed_words_and_ranking(content, staf, sekretaris):
    # "penanganan" is stemmed (Indonesian) like "menangani": the document and conference match.
    _response, body = _search(Client(), q="menangani banjir")
    assert content["document"].get_absolute_url() in body
    # The title outranks the body: the release titled with the word comes first.
    publish_release(
        staf=staf, sekretaris=sekretaris, title="Pelatihan kerja", summary="Tentang festival dan banjir."
    )
    _response, body = _search(Client(), q="posko")
    assert body.index(content["release"].get_absolute_url()) < body.index("Pernyataan Resmi: Banjir")


def test_pages_and_constant_queries(staf, sekretaris, django_assert_max_num_queries):
    for i in range(23):
        publish_release(staf=staf, sekretaris=sekretaris, title=f"Jembatan desa nomor {i}")
    client = Client()
    client.get("/cari/", {"q": "jembatan"})  # warm the organisation profile's cache
    # Candidates (1) + rows of the kinds on the page (<= 4) + did-you-mean (<= 1) + the page
    # cache's version and the profile, whatever the number of matches or the page.
    with django_assert_max_num_queries(6):
        _response, page1 = _search(client, q="jembatan")
    with django_assert_max_num_queries(6):
        _response, page3 = _search(client, q="jembatan", page=3)
    assert "Halaman 1 dari 3" in page1 and "Halaman 3 dari 3" in page3
    assert page1.count('class="release-item search-result"') == 10
    assert page3.count('class="release-item search-result"') == 3


def test_query_count_does_not_grow_with_kinds_or_rows(
    content, staf, sekretaris, django_assert_max_num_queries
):
    client = Client()
    client.get("/cari/", {"q": "banjir"})
    with django_assert_max_num_queries(6):
        _search(client, q="banjir")
    for i in range(5):
        publish_release(staf=staf, sekretaris=sekretaris, title=f"Banjir susulan {i}")
    with django_assert_max_num_queries(6):
        _search(client, q="banjir sukamaju")


def test_did_you_mean_for_a_typo(content):
    search_words_rebuild()
    assert SearchWord.objects.filter(word="banjir").exists()
    assert not SearchWord.objects.filter(word="rahasia").exists()  # not public: not in the dictionary
    _response, body = _search(Client(), q="banjri sukamju")
    assert 'data-testid="did-you-mean"' in body
    assert "<strong>banjir sukamaju</strong>" in body
    assert "/cari/?q=banjir%20sukamaju" in body
    # A query that finds things is not second-guessed.
    _response, body = _search(Client(), q="banjir")
    assert 'data-testid="did-you-mean"' not in body
    # Nothing close: no suggestion, a calm empty page.
    _response, body = _search(Client(), q="zzqxw")
    assert 'data-testid="did-you-mean"' not in body and "Tidak ada yang cocok" in body


def test_trigram_extension_installed_where_the_server_has_it(settings):
    """pg_trgm is there on every server that ships contrib (CI, production); the embedded
    development server has none and says so through HUMAS_PG_TRGM=0 (humas/devenv.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        installed = cursor.fetchone() == (1,)
    assert installed == settings.HUMAS_PG_TRGM


def test_did_you_mean_without_pg_trgm_compares_in_python(settings, content):
    from portal.search import did_you_mean, search_words_rebuild

    search_words_rebuild()
    server_has_trgm = settings.HUMAS_PG_TRGM
    settings.HUMAS_PG_TRGM = False
    with_python = did_you_mean("banjri")
    assert with_python == "banjir"
    if server_has_trgm:  # and both ways agree where the server can do it
        settings.HUMAS_PG_TRGM = True
        assert did_you_mean("banjri") == with_python


@pytest.mark.parametrize("q", ["", "   ", "!!!", "'\"", "a & b | !c", "<b>banjir</b>", "x" * 300])
def test_garbage_is_calm(q, content):
    response = Client().get("/cari/", {"q": q})
    assert response.status_code == 200
    assert "<b>banjir</b>" not in response.content.decode()


def test_statement_snippet_is_text_not_html(content):
    _response, body = _search(Client(), q="posko pengungsian", jenis="pernyataan")
    assert "<mark>posko</mark>" in body
    assert "&lt;p&gt;" not in body and "<p>Pemerintah kota membuka" not in body


def test_beat_rebuilds_the_word_list_only_when_public_content_changed(content, staf, sekretaris):
    from portal.tasks import search_words_rebuild_task

    search_words_rebuild_task()
    assert SearchWord.objects.filter(word="sukamaju").exists()
    SearchWord.objects.all().delete()
    search_words_rebuild_task()  # nothing changed: skipped
    assert not SearchWord.objects.exists()
    publish_release(staf=staf, sekretaris=sekretaris, title="Festival layang-layang Nusantara")
    search_words_rebuild_task()
    assert SearchWord.objects.filter(word="festival").exists()
