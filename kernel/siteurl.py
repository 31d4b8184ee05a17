"""The public address of a path: canonical links, sitemaps, feeds and mails all name pages under
HUMAS_SITE_URL (the address the public uses), never the host a request happened to come in on."""

from django.conf import settings


def absolute_url(path):
    return settings.HUMAS_SITE_URL + path
