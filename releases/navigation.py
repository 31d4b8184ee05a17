"""Staff menu entries of releases (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(order=10, label=_("Siaran pers"), url_name="staff_releases:list", permission=perms.VIEW_RELEASE)
nav_register(
    order=11,
    label=_("Menunggu persetujuan saya"),
    url_name="staff_releases:review_queue",
    permission=perms.APPROVE_RELEASE,
)
