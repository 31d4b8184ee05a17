"""Staff menu entries of contacts (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(
    order=20,
    label=_("Kontak media"),
    url_name="staff_contacts:journalist_list",
    permission=perms.VIEW_JOURNALIST,
)
