"""The public newsroom: meta description, OpenGraph and JSON-LD on every public page type;
"Diperbarui" linking to the corrections; share links without third-party script; wide tables
in their own scrolling box; the phone menu in the markup; full-content feeds with enclosures."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree  # our own output, not untrusted input

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.portal.newsroom_content import make_newsroom

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.jsonld = []
        self.scripts = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        if tag == "script":
            self.scripts.append(attrs.get("src") or "")
            self._in_jsonld = attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False


def parse(body):
    parser = HeadParser()
    parser.feed(body)
    return parser


def nodes(jsonld):
    out = []
    for doc in jsonld:
        assert doc["@context"] == "https://schema.org"
        out.extend(doc.get("@graph", [doc]))
    return {n["@type"]: n for n in out}


@pytest.fixture
def newsroom(staf, sekretaris, ppid, kepala):
    return make_newsroom(staf=staf, sekretaris=sekretaris, ppid=ppid, kepala=kepala)


def page_urls(newsroom):
    return {
        "home": reverse("public:home"),
        "release_list": reverse("releases:list"),
        "release": newsroom["release"].get_absolute_url(),
        "search": reverse("public:search") + "?q=banjir",
        "statement_list": reverse("crises:statement_list"),
        "statement": newsroom["statement"].get_absolute_url(),
        "schedule": reverse("conferences:schedule"),
        "conference": newsroom["conference"].get_absolute_url(),
        "information": reverse("public:information"),
        "document": newsroom["document"].get_absolute_url(),
        "contact": reverse("publicinfo:contact"),
    }


EXPECTED_TYPE = {
    "home": "GovernmentOrganization",
    "release_list": "CollectionPage",
    "release": "NewsArticle",
    "search": "SearchResultsPage",
    "statement_list": "CollectionPage",
    "statement": "SpecialAnnouncement",
    "schedule": "CollectionPage",
    "conference": "Event",
    "information": "CollectionPage",
    "document": "DigitalDocument",
    "contact": "GovernmentOrganization",
}


def test_every_public_page_type_has_description_opengraph_and_jsonld(newsroom):
    client = Client()
    site = settings.HUMAS_SITE_URL
    for name, url in page_urls(newsroom).items():
        response = client.get(url)
        assert response.status_code == 200, name
        head = parse(response.content.decode())
        for key in ("description", "og:title", "og:description", "og:image", "og:type", "og:url"):
            assert head.meta.get(key), (name, key)
        assert head.meta["og:image"].startswith(site + "/"), (name, head.meta["og:image"])
        assert head.meta["og:url"].startswith(site + "/"), name
        assert head.jsonld, name
        found = nodes(head.jsonld)
        assert EXPECTED_TYPE[name] in found, (name, list(found))


def test_release_jsonld_is_a_news_article_with_author_publisher_logo_and_dates(newsroom):
    release = newsroom["release"]
    body = Client().get(release.get_absolute_url()).content.decode()
    head = parse(body)
    article = nodes(head.jsonld)["NewsArticle"]
    assert article["headline"] == release.title
    assert article["author"]["@type"] == "GovernmentOrganization" and article["author"]["name"]
    assert article["publisher"]["logo"]["url"].startswith(settings.HUMAS_SITE_URL + "/")
    assert article["datePublished"] and article["dateModified"] >= article["datePublished"]
    # The hero and the three photos, absolute.
    assert len(article["image"]) == 4 and all(u.startswith(settings.HUMAS_SITE_URL) for u in article["image"])
    assert head.meta["og:type"] == "article"
    assert head.meta["og:image"] == article["image"][0]


def test_conference_event_and_contact_organisation(newsroom):
    conference = newsroom["conference"]
    event = nodes(parse(Client().get(conference.get_absolute_url()).content.decode()).jsonld)["Event"]
    assert event["name"] == conference.title
    assert event["startDate"] and event["endDate"]
    assert event["location"]["@type"] == "Place" and event["location"]["name"] == conference.venue_name
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["performer"][0]["name"] == "Ir. Hendra Wijaya"
    contact = nodes(parse(Client().get("/kontak-media/").content.decode()).jsonld)
    assert contact["GovernmentOrganization"]["contactPoint"][0]["name"] == "Rina Kartika"
    assert "ContactPage" in contact


def test_jsonld_can_not_close_its_script(staf, sekretaris):
    from releases.models import Release
    from tests.publicinfo.factories import publish_release

    release = publish_release(staf=staf, sekretaris=sekretaris, title="Judul")
    # Written around the services (which keep titles plain): the page must still hold.
    Release.objects.filter(pk=release.pk).update(title="Judul </script><script>alert(1)</script>")
    body = Client().get(release.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body
    head = parse(body)
    assert nodes(head.jsonld)["NewsArticle"]["headline"].startswith("Judul </script>")


def test_corrected_release_says_updated_linking_to_the_notes(newsroom, staf, sekretaris):
    release = newsroom["release"]
    body = Client().get(release.get_absolute_url()).content.decode()
    match = re.search(
        r'<p class="release-updated"[^>]*><a href="#koreksi">Diperbarui <time datetime="([^"]+)">', body
    )
    assert match, "no 'Diperbarui' near the title"
    assert body.index("release-updated") < body.index('class="release-body"')
    assert 'id="koreksi"' in body and "Jumlah posko diperbaiki" in body
    # A release never corrected says nothing of the sort.
    from tests.publicinfo.factories import publish_release

    plain = publish_release(staf=staf, sekretaris=sekretaris, title="Pasar murah")
    assert "release-updated" not in Client().get(plain.get_absolute_url()).content.decode()


def test_share_links_are_plain_links_without_third_party_script(newsroom):
    client = Client()
    for key in ("release", "statement", "conference"):
        obj = newsroom[key]
        body = client.get(obj.get_absolute_url()).content.decode()
        url = settings.HUMAS_SITE_URL + obj.get_absolute_url()
        links = dict(re.findall(r'<a class="share-link share-(\w+)" href="([^"]+)"', body))
        assert set(links) == {"wa", "x", "fb"}, key
        wa = urlsplit(links["wa"].replace("&amp;", "&"))
        assert wa.netloc == "wa.me" and url in parse_qs(wa.query)["text"][0]
        x = parse_qs(urlsplit(links["x"].replace("&amp;", "&")).query)
        assert x["url"] == [url] and x["text"] == [obj.title]
        fb = parse_qs(urlsplit(links["fb"].replace("&amp;", "&")).query)
        assert fb["u"] == [url]
        assert f'data-copy-url="{url}"' in body
        # Only the site's own script: nothing loaded from a share service.
        assert [s for s in parse(body).scripts if s] == ["/static/js/humas.js"], key


def test_wide_tables_scroll_in_their_own_focusable_box(newsroom):
    body = Client().get(newsroom["release"].get_absolute_url()).content.decode()
    assert re.search(r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+"><table>', body)
    assert body.count("</table></div>") == 1
    css = (settings.BASE_DIR / "static/css/humas.css").read_text()
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", css)


def test_phone_menu_is_a_native_disclosure_on_public_and_staff_pages(newsroom, staf):
    body = Client().get("/").content.decode()
    assert re.search(r'<details class="nav-narrow"[^>]*><summary class="nav-toggle">Menu</summary>', body)
    from tests.conftest import HumasClient

    staff = HumasClient()
    staff.force_login(staf)
    body = staff.get(reverse("staff:dashboard")).content.decode()
    assert re.search(
        r'<details class="wrap nav-narrow"[^>]*><summary class="nav-toggle">Menu</summary>', body
    )


# --- feeds --------------------------------------------------------------------------------------
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_carries_full_sanitised_content_absolute_urls_and_enclosures(newsroom, settings):
    release = newsroom["release"]
    response = Client().get(reverse("releases:feed_rss"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314
    item = root.find("channel/item")
    assert item.findtext("title").endswith(release.title)
    site = settings.HUMAS_SITE_URL
    assert item.findtext("link") == site + release.get_absolute_url()
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<table>" in content and "Posko kesehatan melayani" in content
    assert "<script" not in content
    # Every address in the content is absolute (a feed reader has no base).
    assert not re.search(r'(src|href)="/', content)
    assert re.search(rf'<img src="{re.escape(site)}/media/[^"]+"', content)
    # RSS 2.0 allows one <enclosure> (the hero); every image is a Media RSS <media:content>.
    (enclosure,) = item.findall("enclosure")
    assert enclosure.get("url").startswith(site + "/media/")
    assert enclosure.get("type") == "image/jpeg" and int(enclosure.get("length")) > 0
    media = item.findall("{http://search.yahoo.com/mrss/}content")
    assert len(media) == 4  # hero + three photos
    assert media[0].get("url") == enclosure.get("url")
    for image in media:
        assert image.get("url").startswith(site + "/media/")
        assert image.get("type") == "image/jpeg" and int(image.get("fileSize")) > 0


def test_atom_carries_full_content_and_image_links(newsroom, settings):
    release = newsroom["release"]
    response = Client().get(reverse("releases:feed_atom"))
    root = ElementTree.fromstring(response.content)  # noqa: S314
    entry = root.find(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert "Posko kesehatan melayani" in content.text and "<table>" in content.text
    enclosures = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert len(enclosures) == 4
    assert all(int(link.get("length")) > 0 and link.get("type") == "image/jpeg" for link in enclosures)
    assert entry.find(f"{ATOM}updated").text >= entry.find(f"{ATOM}published").text
    assert release.title in entry.find(f"{ATOM}title").text


def test_feed_content_is_sanitised_even_if_a_row_bypassed_the_services(newsroom):
    from releases.models import Release

    Release.objects.filter(pk=newsroom["release"].pk).update(
        body='<p onclick="x()">Teks</p><script>alert(1)</script><a href="javascript:alert(1)">a</a>'
    )
    body = Client().get(reverse("releases:feed_rss")).content.decode()
    assert "alert(1)" not in body.replace("&lt;script&gt;", "") or "<script>" not in body
    assert "onclick" not in body and "javascript:" not in body


def test_release_images_reserve_their_box(newsroom):
    """Width and height on the hero and the photos (no layout shift as they load); the hero is
    fetched first (the largest paint on a phone)."""
    body = Client().get(newsroom["release"].get_absolute_url()).content.decode()
    # The hero is a <picture> of renditions (kernel.renditions) whose <img> carries the box.
    hero = re.search(r'<figure class="release-hero">.*?(<img [^>]+>)', body, re.S).group(1)
    assert re.search(r'width="\d+"', hero) and re.search(r'height="\d+"', hero)
    assert 'fetchpriority="high"' in hero
    photos = re.findall(r'<img [^>]*alt="Foto posko \d"[^>]*>', body)
    assert len(photos) == 3
    for img in photos:
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img) and 'loading="lazy"' in img
