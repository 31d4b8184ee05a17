from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site: the pages that show several kinds at once (home, Informasi Publik list,
    sitemap). It imports the feature apps' selectors; no feature app imports it."""

    name = "portal"
    verbose_name = _("Situs publik")

    def ready(self):
        from . import signals

        signals.connect()
