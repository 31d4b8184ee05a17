"""RSS 2.0 and Atom feeds of the newest public releases, with the full content.

A feed reader shows the release without visiting the site, so each item carries the whole text
(lead, hero photo, body, quotes, photos, contact persons) as HTML that went through the one
sanitiser, with every address absolute (a reader has no base URL), and the images as enclosures
with their type and size: Atom allows several `rel="enclosure"` links; RSS 2.0 one <enclosure>
(the hero, else the first photo), so every image is also a Media RSS <media:content>."""

import mimetypes
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from kernel.sanitize import sanitize_html
from kernel.selectors import organisation_profile_get

from .selectors import release_public_list

FEED_SIZE = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_RELATIVE = re.compile(r'(\s(?:src|href))="(/[^/"][^"]*)"')


def absolute_urls(html):
    """Root-relative src/href made absolute under HUMAS_SITE_URL (nh3's output: quoted values)."""
    return _RELATIVE.sub(lambda m: f'{m.group(1)}="{settings.HUMAS_SITE_URL}{m.group(2)}"', html)


def _images(release):
    images = []
    if release.hero_image:
        images.append((release.hero_image, release.hero_caption or release.hero_alt))
    images += [(p.image, p.caption or p.alt) for p in release.photos.all()]
    out = []
    for file, caption in images:
        try:
            size = file.size
        except OSError:
            # A file missing from storage is left out rather than announced with a wrong length.
            continue
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        out.append(
            (settings.HUMAS_SITE_URL + file.url if "://" not in file.url else file.url, size, kind, caption)
        )
    return out


class FullContentRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])
        for url, size, kind, caption in item["images"]:
            handler.startElement(
                "media:content", {"url": url, "type": kind, "fileSize": str(size), "medium": "image"}
            )
            if caption:
                handler.addQuickElement("media:description", caption)
            handler.endElement("media:content")


class FullContentAtom(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ReleaseRssFeed(Feed):
    feed_type = FullContentRss
    description = _("Siaran pers terbaru")

    def title(self):
        return _("Siaran pers — %(org)s") % {"org": organisation_profile_get().name}

    # Absolute under HUMAS_SITE_URL (the syndication framework would prefix the request's host,
    # which behind a proxy is not the public one).
    def link(self):
        return settings.HUMAS_SITE_URL + reverse("releases:list")

    def feed_url(self):
        return settings.HUMAS_SITE_URL + reverse("releases:feed_rss")

    def items(self):
        # Two queries whatever the size: the releases, then their photos.
        return list(
            release_public_list()
            .defer("search_vector")
            .prefetch_related("photos", "quotes", "contacts")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.number} — {item.title}" if item.number else item.title

    def item_description(self, item):
        return item.summary or item.body_text[:500]

    def item_link(self, item):
        return settings.HUMAS_SITE_URL + item.get_absolute_url()

    def item_guid(self, item):
        return settings.HUMAS_SITE_URL + item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name] if item.category else []

    def item_author_name(self, item):
        return organisation_profile_get().name

    def item_enclosures(self, item):
        images = _images(item)
        return [Enclosure(url, str(size), kind) for url, size, kind, _caption in images[:1]]

    def item_extra_kwargs(self, item):
        html = render_to_string("releases/feed_content.html", {"release": item})
        return {"content_html": absolute_urls(sanitize_html(html)), "images": _images(item)}


class ReleaseAtomFeed(ReleaseRssFeed):
    feed_type = FullContentAtom

    def subtitle(self):
        return self.description

    def feed_url(self):
        return settings.HUMAS_SITE_URL + reverse("releases:feed_atom")

    def item_enclosures(self, item):
        return [Enclosure(url, str(size), kind) for url, size, kind, _caption in _images(item)]
