from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The kernel: what every feature app uses and that uses none of them (docs/architecture.md)."""

    name = "kernel"
    verbose_name = _("Inti")

    def ready(self):
        from . import roles

        # Permissions of models added by later migrations exist only after post_migrate has
        # created them, so the role groups are re-synced after every migrate (and flush).
        post_migrate.connect(roles.roles_sync_signal, dispatch_uid="kernel-roles-sync")
