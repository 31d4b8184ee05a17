from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HumasConfig(AppConfig):
    """The project package. It stays an installed app for its management commands (backup,
    restore, mail sink, demo data) and its migration history: the organisation profile and the
    audit log were created here and now belong to the kernel (humas/migrations/0003)."""

    name = "humas"
    verbose_name = _("Humas")
