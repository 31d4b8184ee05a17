"""Audit entries for what happens outside the services: signing in and out, and changes to
users and their roles (groups), whoever makes them (the admin, a management command, a shell).

Sign-in must never fail or slow down because of its audit entry: each entry is one INSERT in a
savepoint, and an error is logged and swallowed. A failed sign-in records the username that was
tried and the client address, never the password (Django hands the signal cleansed credentials,
and only the username is read from them anyway)."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from .actor import current_actor
from .audit import audit_record

logger = logging.getLogger(__name__)


def client_address(request):
    if request is None:
        return ""
    # django-axes has already worked out the address (behind the proxy) for its lockout.
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")


def _record_safely(**kwargs):
    try:
        with transaction.atomic():
            audit_record(**kwargs)
    except Exception:  # an audit failure must not lock anybody out
        logger.exception("audit entry %s could not be written", kwargs.get("action"))


def on_logged_in(sender, request, user, **kwargs):
    _record_safely(actor=user, action="auth.login", obj=user, data={"ip": client_address(request)})


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")[:150]
    _record_safely(
        actor=None, action="auth.login_failed", data={"username": username, "ip": client_address(request)}
    )


def on_logged_out(sender, request, user, **kwargs):
    if user is None:  # the session had already ended
        return
    _record_safely(actor=user, action="auth.logout", obj=user, data={"ip": client_address(request)})


def _remember_is_active(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred is_active must not cost a query on every load.
    instance._audit_is_active = instance.__dict__.get("is_active")


def on_user_saved(sender, instance, created, update_fields=None, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    before = getattr(instance, "_audit_is_active", None)
    instance._audit_is_active = instance.__dict__.get("is_active")
    if created:
        audit_record(
            actor=current_actor(),
            action="user.create",
            obj=instance,
            data={
                "username": instance.get_username(),
                "is_active": instance.is_active,
                "is_staff": instance.is_staff,
                "is_superuser": instance.is_superuser,
            },
        )
        return
    if update_fields is not None and "is_active" not in update_fields:
        return  # e.g. last_login on every sign-in
    after = instance.__dict__.get("is_active")
    if before is None or after is None or before == after:
        return
    audit_record(
        actor=current_actor(),
        action="user.activate" if after else "user.deactivate",
        obj=instance,
        from_state="active" if before else "inactive",
        to_state="active" if after else "inactive",
    )


def on_user_deleted(sender, instance, **kwargs):
    audit_record(
        actor=current_actor(), action="user.delete", obj=instance, data={"username": instance.get_username()}
    )


def _group_names(pks):
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    User = get_user_model()
    if action == "pre_clear":
        # clear() does not say what it removes; read it before it is gone.
        if reverse:
            users = list(instance.user_set.all())
            groups = [instance.name]
        else:
            users = [instance]
            groups = sorted(instance.groups.values_list("name", flat=True))
        code = "user.groups_remove"
    elif action in ("post_add", "post_remove") and pk_set:
        code = "user.groups_add" if action == "post_add" else "user.groups_remove"
        if reverse:  # group.user_set.add(...)
            users = list(User.objects.filter(pk__in=pk_set))
            groups = [instance.name]
        else:
            users = [instance]
            groups = _group_names(pk_set)
    else:
        return
    if not groups:
        return
    actor = current_actor()
    for user in users:
        audit_record(actor=actor, action=code, obj=user, data={"groups": groups})


def connect():
    User = get_user_model()
    user_logged_in.connect(on_logged_in, dispatch_uid="kernel-audit-login")
    user_login_failed.connect(on_login_failed, dispatch_uid="kernel-audit-login-failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="kernel-audit-logout")
    post_init.connect(_remember_is_active, sender=User, dispatch_uid="kernel-audit-user-init")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="kernel-audit-user-save")
    post_delete.connect(on_user_deleted, sender=User, dispatch_uid="kernel-audit-user-delete")
    m2m_changed.connect(
        on_groups_changed, sender=User.groups.through, dispatch_uid="kernel-audit-user-groups"
    )
