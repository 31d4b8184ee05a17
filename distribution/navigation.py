"""Staff menu entries of distribution (kernel.navigation)."""

from django.utils.translation import gettext_lazy as _

from kernel.navigation import nav_register

from . import permissions as perms

nav_register(
    order=30, label=_("Distribusi"), url_name="staff_distribution:list", permission=perms.VIEW_DISTRIBUTION
)
