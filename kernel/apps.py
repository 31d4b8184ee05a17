from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The kernel: what every feature app uses and that uses none of them (docs/architecture.md)."""

    name = "kernel"
    verbose_name = _("Inti")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import roles, signals, worklist

        # Each app declares its audit actions, signed-link purposes, workflows, menu entries,
        # erasure handlers (kernel.privacy), file owners (kernel.media) and work sections (kernel.worklist) in modules of these
        # names; importing them at start-up fills the kernel's registries before any request,
        # task or audit page needs them.
        autodiscover_modules(
            "audit", "links", "workflows", "navigation", "privacy", "media", "exporting", "exports", "work"
        )
        # The kernel's own signed-link purpose (its links.py is the registry itself).
        # Files kept across a failed save: their owner in kernel.media's registry.
        from . import (
            enrolment,  # noqa: F401
            uploads,  # noqa: F401
        )

        # Permissions of models added by later migrations exist only after post_migrate has
        # created them, so the role groups are re-synced after every migrate (and flush).
        post_migrate.connect(roles.roles_sync_signal, dispatch_uid="kernel-roles-sync")
        # Sign-in, sign-out and changes to users and their roles are audited (kernel/signals.py).
        signals.connect()
        # Any audited change makes the cached menu counts of "Pekerjaan saya" stale.
        worklist.connect()
