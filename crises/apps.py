from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisesConfig(AppConfig):
    name = "crises"
    verbose_name = _("Krisis")

    def ready(self):
        # Registers the statement mail builder with the distribution pipeline.
        from . import mails  # noqa: F401
