"""The staff navigation. Each app registers its own entries in `<app>/navigation.py` (imported at
start-up by the kernel), naming its permission by its own constant: the kernel names no feature
app. An entry is shown only to users who hold its permission (and role, if given); an entry whose
URL does not exist is skipped. An entry may carry a badge: the count of work waiting behind it
(kernel.worklist, cached briefly per user)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import permissions as perms
from .roles import KEPALA, SEKRETARIS, user_has_role, user_is_staff_member

_ENTRIES = {}


@dataclass(frozen=True)
class NavEntry:
    order: int  # position in the menu: 0 dashboard, 10-80 feature apps, 90+ the office's own pages
    label: object
    url_name: str
    permission: str | None = None
    roles: tuple | None = None


def nav_register(*, order, label, url_name, permission=None, roles=None):
    _ENTRIES[url_name] = NavEntry(order, label, url_name, permission, tuple(roles) if roles else None)


def nav_entries():
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


def staff_nav_for(user):
    if not user_is_staff_member(user):
        return []
    from .worklist import work_badges

    items = []
    held = user.get_all_permissions()
    badges = work_badges(user)
    for entry in nav_entries():
        if entry.permission and not (user.is_superuser or entry.permission in held):
            continue
        if entry.roles and not user_has_role(user, *entry.roles):
            continue
        if entry.url_name.startswith("admin:") and not user.is_staff:
            continue  # Django's admin lets in only is_staff accounts
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": entry.label, "url": url, "name": entry.url_name, "badge": badges.get(entry.url_name, 0)}
        )
    return items


nav_register(order=0, label=_("Pekerjaan saya"), url_name="staff:dashboard")
nav_register(order=90, label=_("Log audit"), url_name="staff:audit_list", permission=perms.VIEW_AUDIT)
nav_register(
    order=91,
    label=_("Profil organisasi"),
    url_name="staff:org_profile",
    permission=perms.CHANGE_ORGANISATION_PROFILE,
)
nav_register(order=92, label=_("Status sistem"), url_name="staff:system_status", roles=(KEPALA, SEKRETARIS))
nav_register(
    order=93,
    label=_("Pengguna & peran"),
    url_name="admin:auth_user_changelist",
    permission=perms.CHANGE_USER,
    roles=(KEPALA,),
)
