"""Staff menu entries of crises (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(order=50, label=_("Krisis"), url_name="staff_crises:list", permission=perms.VIEW_INCIDENT)
