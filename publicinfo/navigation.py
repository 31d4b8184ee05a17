"""Staff menu entries of publicinfo (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(
    order=60,
    label=_("Informasi publik (PPID)"),
    url_name="staff_publicinfo:list",
    permission=perms.VIEW_DOCUMENT,
)
