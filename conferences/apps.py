from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Konferensi pers")

    def ready(self):
        # Registers the mail builders (invitation, reminder, ...) with the distribution pipeline.
        from . import mails  # noqa: F401
