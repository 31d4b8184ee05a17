from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribusi")

    def ready(self):
        # Each client app registers its builders, checks and hooks from its own
        # `distribution_hooks` module (or from its ready()); distribution imports none of them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("distribution_hooks")
