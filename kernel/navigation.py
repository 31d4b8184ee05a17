"""The staff navigation: each entry is shown only to users who hold its permission (or role).
Apps add their entries here as they grow; an entry whose URL does not exist yet is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import KEPALA, SEKRETARIS, user_has_role, user_is_staff_member

# (label, url name, permission or None, roles or None)
STAFF_NAV = [
    (_("Dasbor"), "staff:dashboard", None, None),
    (_("Siaran pers"), "staff_releases:list", "releases.view_release", None),
    (_("Menunggu persetujuan saya"), "staff_releases:review_queue", "releases.approve_release", None),
    (_("Kontak media"), "staff_contacts:journalist_list", "contacts.view_journalist", None),
    (_("Distribusi"), "staff_distribution:list", "distribution.view_distribution", None),
    (_("Konferensi pers"), "staff_conferences:list", "conferences.view_conference", None),
    (_("Krisis"), "staff_crises:list", "crises.view_incident", None),
    (_("Informasi publik (PPID)"), "staff_publicinfo:list", "publicinfo.view_publicdocument", None),
    (_("Log audit"), "staff:audit_list", "kernel.view_auditentry", None),
    (_("Profil organisasi"), "staff:org_profile", "kernel.change_organisationprofile", None),
    (_("Status sistem"), "staff:system_status", None, (KEPALA, SEKRETARIS)),
    (_("Pengguna & peran"), "admin:auth_user_changelist", "auth.change_user", (KEPALA,)),
]


def staff_nav_for(user):
    if not user_is_staff_member(user):
        return []
    items = []
    perms = user.get_all_permissions()
    for label, url_name, perm, roles in STAFF_NAV:
        if perm and not (user.is_superuser or perm in perms):
            continue
        if roles and not user_has_role(user, *roles):
            continue
        if url_name.startswith("admin:") and not user.is_staff:
            continue  # Django's admin lets in only is_staff accounts
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "name": url_name})
    return items


def can_send(user):
    return user_has_role(user, KEPALA, SEKRETARIS)
