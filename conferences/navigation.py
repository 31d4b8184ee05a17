"""Staff menu entries of conferences (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(
    order=40, label=_("Konferensi pers"), url_name="staff_conferences:list", permission=perms.VIEW_CONFERENCE
)
