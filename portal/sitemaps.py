"""The sitemap (django.contrib.sitemaps): one section per public kind, each read through its own
app's public selector, so an embargoed, draft or withdrawn release, an unapproved statement or an
unpublished document can not appear here when it does not appear on the public lists.

Every address is under HUMAS_SITE_URL, as the canonical links are (behind a proxy the request's
host is not the public one). Each section is paged at LIMIT addresses; a page costs two queries
(the count and the page), the index one count per section."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conferences.selectors import conference_list_public
from crises.selectors import statements_public
from publicinfo.selectors import document_public_list
from releases.selectors import release_public_list


class PublicSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.HUMAS_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        # Everything after the scheme, so "{protocol}://{domain}{path}" equals HUMAS_SITE_URL + path.
        return settings.HUMAS_SITE_URL.split("://", 1)[-1]

    def get_latest_lastmod(self):
        # The index carries no lastmod: Django's default would load every row of the section.
        return None

    def lastmod(self, item):
        return item.updated_at


class ReleaseSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        # Oldest first: a new release lands on the last page, the earlier pages keep their rows.
        return (
            release_public_list()
            .select_related(None)
            .only("slug", "updated_at")
            .order_by("published_at", "id")
        )


class StatementSitemap(PublicSitemap):
    changefreq = "hourly"

    def items(self):
        return (
            statements_public().select_related(None).only("slug", "updated_at").order_by("published_at", "id")
        )


class DocumentSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self):
        return document_public_list().only("slug", "updated_at").order_by("date", "id")


class ConferenceSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return conference_list_public().only("slug", "updated_at").order_by("starts_at", "id")


class PageSitemap(PublicSitemap):
    """The pages that are not one row: the home page, the lists and the media contact page."""

    PAGES = {
        "public:home": "hourly",
        "releases:list": "hourly",
        "crises:statement_list": "hourly",
        "conferences:schedule": "daily",
        "public:information": "daily",
        "publicinfo:contact": "monthly",
    }

    def items(self):
        return list(self.PAGES)

    def location(self, item):
        return reverse(item)

    def changefreq(self, item):
        return self.PAGES[item]

    def lastmod(self, item):
        return None


# Section names are part of the page addresses (/sitemap-<section>-<page>.xml); "siaran-pers"
# keeps the address the releases' sitemap had before the other kinds joined it.
SITEMAPS = {
    "halaman": PageSitemap,
    "siaran-pers": ReleaseSitemap,
    "pernyataan-resmi": StatementSitemap,
    "konferensi-pers": ConferenceSitemap,
    "informasi-publik": DocumentSitemap,
}
