from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribusi")

    def ready(self):
        # Registers the release mail builder (other apps register theirs from their own ready()).
        from . import builders  # noqa: F401
