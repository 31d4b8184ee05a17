"""Roles are Django groups. The role names live here; which permissions each role holds is said
once per app, in `<app>/permissions.py` (the kernel's own in kernel/permissions.py), and merged by
`role_permissions`. The groups are re-synced after every migrate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KEPALA = "Kepala Humas"
SEKRETARIS = "Sekretaris Pers"
STAF = "Staf Humas"
PPID = "PPID"

ROLES = [KEPALA, SEKRETARIS, STAF, PPID]
ROLE_LABELS = {
    KEPALA: _("Kepala Humas"),
    SEKRETARIS: _("Sekretaris Pers"),
    STAF: _("Staf Humas"),
    PPID: _("PPID"),
}


def role_permissions():
    """Which permissions each role holds: the kernel's (kernel/permissions.py) plus every
    installed app's `permissions.ROLE_PERMISSIONS` ("app_label.codename" constants)."""
    import importlib
    from importlib.util import find_spec

    from django.apps import apps

    merged = {role: [] for role in ROLES}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.permissions"
        if find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, []).extend(perms)
    return merged


def roles_sync(apps=None):
    """Create the role groups and give each exactly its permissions, in a handful of queries
    whatever the number of roles and permissions (missing ones, from apps not migrated yet, are
    picked up on the next sync)."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Through = Group.permissions.through
    wanted = {role: set(perms) for role, perms in role_permissions().items()}
    labels = {dotted.split(".", 1)[0] for perms in wanted.values() for dotted in perms}
    permission_ids = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in=labels
        ).values_list("pk", "content_type__app_label", "codename")
    }
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    missing = [Group(name=role) for role in ROLES if role not in groups]
    if missing:
        Group.objects.bulk_create(missing)
        groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    desired = {
        (groups[role].pk, permission_ids[dotted])
        for role in ROLES
        for dotted in wanted.get(role, ())
        if dotted in permission_ids
    }
    group_ids = [group.pk for group in groups.values()]
    current = set(Through.objects.filter(group_id__in=group_ids).values_list("group_id", "permission_id"))
    stale = current - desired
    if stale:
        stale_q = models.Q()
        for group_id, permission_id in stale:
            stale_q |= models.Q(group_id=group_id, permission_id=permission_id)
        Through.objects.filter(stale_q).delete()
    Through.objects.bulk_create(
        [Through(group_id=g, permission_id=p) for g, p in sorted(desired - current)], ignore_conflicts=True
    )


def _last_app_with_models():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module is not None][-1].label


def roles_sync_signal(sender, **kwargs):
    """After every migrate (and every flush, which emits post_migrate too): the role groups and
    the organisation profile row exist. post_migrate is sent once per app; the sync runs on the
    last app's signal only, when every app's permissions have been created."""
    if kwargs.get("using", "default") != "default" or sender.label != _last_app_with_models():
        return
    from .models import OrganisationProfile

    roles_sync()
    OrganisationProfile.objects.get_or_create(
        pk=OrganisationProfile.SINGLETON_PK, defaults={"name": "Pemerintah Daerah"}
    )


def _group_names(user):
    # Cached on the user object, which lives for one request: menus, access helpers and the
    # two-factor check all ask, and one query answers them all.
    names = getattr(user, "_humas_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._humas_group_names = names
    return names


def user_roles(user):
    if not user.is_authenticated:
        return []
    names = _group_names(user)
    return [role for role in ROLES if role in names]


def user_has_role(user, *roles):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return not _group_names(user).isdisjoint(roles)


def user_is_staff_member(user):
    """Anyone who works in the office: holds at least one role (or is a superuser)."""
    return user_has_role(user, *ROLES)
