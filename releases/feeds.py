"""RSS 2.0 and Atom feeds of the newest public releases."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from kernel.selectors import organisation_profile_get

from .selectors import release_public_list

FEED_SIZE = 30


class ReleaseRssFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("Siaran pers terbaru")

    def title(self):
        return _("Siaran pers — %(org)s") % {"org": organisation_profile_get().name}

    def link(self):
        return reverse("releases:list")

    def feed_url(self):
        return settings.HUMAS_SITE_URL + reverse("releases:feed_rss")

    def items(self):
        return list(release_public_list().defer("body", "search_vector")[:FEED_SIZE])

    def item_title(self, item):
        return f"{item.number} — {item.title}" if item.number else item.title

    def item_description(self, item):
        return item.summary or item.body_text[:500]

    def item_link(self, item):
        return item.get_absolute_url()

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


class ReleaseAtomFeed(ReleaseRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description

    def feed_url(self):
        return settings.HUMAS_SITE_URL + reverse("releases:feed_atom")
