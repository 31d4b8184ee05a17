"""Roles are given and taken away only here (the admin's user page cannot set groups, staff
status, superuser status or single permissions).

- Staf Humas and PPID: Kepala Humas applies them at once.
- Kepala Humas and Sekretaris Pers: Kepala Humas asks, a second Kepala approves (the
  requester never can: kernel/workflows.py, four eyes with author_field=requested_by).
- A superuser, the system administrator outside the role model, applies any role at once.

Every request, direct grant, approval and rejection is audited, and the change of groups itself
too (kernel/signals.py, with the deciding user as the actor)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .actor import acting_as
from .audit import audit_record
from .models import RoleGrant
from .permissions import ADD_ROLE_GRANT
from .refusal import Refusal
from .roles import KEPALA, PPID, ROLES, SEKRETARIS, STAF

HIGH_ROLES = frozenset({KEPALA, SEKRETARIS})
DIRECT_ROLES = frozenset({STAF, PPID})

S = RoleGrant.Status
A = RoleGrant.Action


def _may_request(actor):
    return bool(
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(ADD_ROLE_GRANT)
    )


def _apply(grant, actor):
    """Give or take the role; staff status (the admin's door) follows the Kepala role."""
    user = grant.user
    group = Group.objects.get(name=grant.role)
    with acting_as(actor):
        if grant.action == A.GRANT:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if grant.role == KEPALA and not user.is_superuser:
        is_staff = grant.action == A.GRANT
        if user.is_staff != is_staff:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])


def role_grant_request(*, actor, user, role, action=A.GRANT, reason=""):
    """Ask for `role` to be given to (or taken from) `user`. Lesser roles, and any role asked
    by a superuser, are applied at once; Kepala Humas and Sekretaris Pers wait for a second
    Kepala. Returns the RoleGrant."""
    if not _may_request(actor):
        raise Refusal(_("Anda tidak berwenang mengubah peran pengguna."), code="permission")
    if role not in ROLES:
        raise Refusal(_("Peran tidak dikenal."), field="role")
    if action not in A.values:
        raise Refusal(_("Tindakan tidak dikenal."), field="action")
    if user.pk == actor.pk and not actor.is_superuser:
        raise Refusal(_("Peran Anda sendiri diubah oleh Kepala Humas yang lain."), field="user")
    has_role = user.groups.filter(name=role).exists()
    if action == A.GRANT and has_role:
        raise Refusal(_("Pengguna ini sudah memegang peran tersebut."), field="role")
    if action == A.REVOKE and not has_role:
        raise Refusal(_("Pengguna ini tidak memegang peran tersebut."), field="role")
    with transaction.atomic():
        # One open request per user and role: a second would only confuse the approver.
        if RoleGrant.objects.select_for_update().filter(user=user, role=role, status=S.PENDING).exists():
            raise Refusal(_("Sudah ada permintaan untuk peran ini yang menunggu persetujuan."), field="role")
        grant = RoleGrant.objects.create(
            user=user, role=role, action=action, reason=reason[:300], requested_by=actor
        )
        audit_record(
            actor=actor,
            action="role_grant.request",
            obj=grant,
            to_state=S.PENDING,
            data={"user": user.get_username(), "role": role, "action": action},
        )
        if actor.is_superuser or role in DIRECT_ROLES:
            grant.status, grant.decided_by, grant.decided_at = S.APPROVED, actor, timezone.now()
            grant.save(update_fields=["status", "decided_by", "decided_at"])
            _apply(grant, actor)
            audit_record(
                actor=actor,
                action="role_grant.apply",
                obj=grant,
                from_state=S.PENDING,
                to_state=S.APPROVED,
                data={"user": user.get_username(), "role": role, "action": action},
            )
        else:
            _notify_approvers(grant, actor)
    return grant


def _notify_approvers(grant, actor):
    """A high role waits for a second Kepala: tell each one who may decide it (never the
    requester: the workflow's four-eyes rule), by mail and on "Pekerjaan saya"."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from .notifications import notification_send
    from .permissions import APPROVE_ROLE_GRANT
    from .siteurl import absolute_url
    from .workflows import ROLE_GRANT_WORKFLOW

    candidates = (
        get_user_model()
        .objects.with_perm(
            APPROVE_ROLE_GRANT, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True)
        .order_by("pk")
    )
    recipients = [u for u in candidates if ROLE_GRANT_WORKFLOW.refusal_for("approve", grant, u) is None]
    values = {
        "requester": actor.get_full_name() or actor.get_username(),
        "user": grant.user.get_full_name() or grant.user.get_username(),
        "role": grant.role,
        "action": grant.get_action_display(),
        "url": absolute_url(reverse("admin:kernel_rolegrant_change", args=[grant.pk])),
    }
    notification_send(
        recipients=recipients,
        subject=_("Mohon persetujuan peran: %(role)s untuk %(user)s") % values,
        body=_(
            "%(requester)s mengajukan “%(action)s: %(role)s” untuk %(user)s.\n\n"
            "Perubahan ini berlaku setelah disetujui Kepala Humas lain:\n%(url)s\n"
        )
        % values,
        kind="role_grant.request",
        obj=grant,
    )


def role_grant_approve(*, actor, grant):
    """A second Kepala approves a pending request; the role changes in the same transaction."""
    from .workflows import ROLE_GRANT_WORKFLOW

    def change(locked):
        locked.decided_by, locked.decided_at = actor, timezone.now()
        _apply(locked, actor)
        return {"user": locked.user.get_username(), "role": locked.role, "action": locked.action}

    return ROLE_GRANT_WORKFLOW.run(
        "approve", grant, actor=actor, change=change, fields=["decided_by", "decided_at"]
    )


def role_grant_reject(*, actor, grant):
    from .workflows import ROLE_GRANT_WORKFLOW

    def change(locked):
        locked.decided_by, locked.decided_at = actor, timezone.now()
        return {"user": locked.user.get_username(), "role": locked.role, "action": locked.action}

    return ROLE_GRANT_WORKFLOW.run(
        "reject", grant, actor=actor, change=change, fields=["decided_by", "decided_at"]
    )
