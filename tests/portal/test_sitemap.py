"""The sitemap (django.contrib.sitemaps) lists every public thing, and nothing that is not public."""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree  # our own output, not untrusted input

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kernel.pagecache import public_cache_bump
from releases import services as release_services
from releases.models import Release
from tests.publicinfo.factories import make_conference, make_document, publish_release, publish_statement

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{NS}loc")]  # noqa: S314


def _path(url):
    assert url.startswith(settings.HUMAS_SITE_URL + "/"), url
    return urlsplit(url).path


def _every_url(client):
    urls = []
    for page in _locs(client.get("/sitemap.xml")):
        urls += _locs(client.get(_path(page)))
    return urls


@pytest.fixture
def content(staf, sekretaris, ppid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = publish_release(staf=staf, sekretaris=sekretaris, title="Pasar murah di enam kecamatan")
        embargoed = publish_release(staf=staf, sekretaris=sekretaris, title="Tarif baru air minum")
        draft = release_services.release_create(actor=staf, data={"title": "Draf rahasia anggaran"})
        statement = publish_statement(staf=staf, sekretaris=sekretaris)
        conference = make_conference(staf=staf)
        document = make_document(actor=ppid)
        hidden = make_document(actor=ppid, title="Dokumen belum terbit", publish=False)
    # A published row whose embargo runs (set around the services) is still closed.
    Release.objects.filter(pk=embargoed.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    public_cache_bump()
    return {
        "release": release,
        "embargoed": embargoed,
        "draft": draft,
        "statement": statement,
        "conference": conference,
        "document": document,
        "hidden": hidden,
    }


def test_every_public_kind_is_listed_and_nothing_closed(content):
    urls = _every_url(Client())
    assert len(urls) == len(set(urls))
    site = settings.HUMAS_SITE_URL
    for key in ("release", "statement", "conference", "document"):
        assert site + content[key].get_absolute_url() in urls, key
    for name in ("public:home", "publicinfo:contact", "public:information", "releases:list"):
        assert site + reverse(name) in urls, name
    assert site + "/kontak-media/" in urls
    for key in ("embargoed", "draft", "hidden"):
        assert not any(content[key].slug in url for url in urls), key


def test_pages_keep_their_addresses_and_unknown_pages_are_404(content):
    client = Client()
    # The releases' page kept the address it had before the other kinds joined.
    assert (
        reverse("public:sitemap_page", kwargs={"section": "siaran-pers", "page": 1})
        == "/sitemap-siaran-pers-1.xml"
    )
    assert content["release"].get_absolute_url() in client.get("/sitemap-siaran-pers-1.xml").content.decode()
    assert client.get("/sitemap-siaran-pers-2.xml").status_code == 404
    assert client.get("/sitemap-tidak-ada-1.xml").status_code == 404
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.HUMAS_SITE_URL}/sitemap.xml" in robots


def test_lastmod_is_the_rows_change(content):
    page = Client().get("/sitemap-pernyataan-resmi-1.xml").content.decode()
    assert f"<lastmod>{timezone.localtime(content['statement'].updated_at):%Y-%m-%d}</lastmod>" in page


def test_query_count_is_bounded_and_pages_are_cached(
    content,
    staf,
    sekretaris,
    django_assert_max_num_queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            publish_release(staf=staf, sekretaris=sekretaris, title=f"Rilis tambahan nomor {n}")
    client = Client()
    # The index counts each row section once; a page counts and reads its own section.
    with django_assert_max_num_queries(4):
        pages = _locs(client.get("/sitemap.xml"))
    assert len(pages) == 5
    for page in pages:
        with django_assert_max_num_queries(2):
            client.get(_path(page))
    with django_assert_num_queries(0):
        client.get("/sitemap.xml")
        client.get("/sitemap-siaran-pers-1.xml")


def test_a_publication_shows_at_once(content, staf, sekretaris, django_capture_on_commit_callbacks):
    client = Client()
    assert "Jembatan baru" not in client.get("/sitemap-siaran-pers-1.xml").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = publish_release(staf=staf, sekretaris=sekretaris, title="Jembatan baru dibuka")
    assert new.get_absolute_url() in client.get("/sitemap-siaran-pers-1.xml").content.decode()
