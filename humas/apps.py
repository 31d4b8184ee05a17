from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HumasConfig(AppConfig):
    name = "humas"
    verbose_name = _("Humas")

    def ready(self):
        from . import roles

        # Permissions of models added by later migrations exist only after post_migrate has
        # created them, so the role groups are re-synced after every migrate.
        post_migrate.connect(roles.roles_sync_signal, dispatch_uid="humas-roles-sync")
