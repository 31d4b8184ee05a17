"""The one audit log: every state change, every send, every download of personal data.

Each action has a code ("release.approve") and a label in the registry, so the audit page reads
"Siaran pers disetujui" (English: "Press release approved"), not a code. Apps register their
actions in their own `audit.py`, which the kernel imports at start-up:

    from django.utils.translation import gettext_lazy as _
    from kernel.audit import audit_actions_register

    audit_actions_register({
        "release.approve": _("Siaran pers disetujui"),
        "release.reject": _("Siaran pers dikembalikan ke draf"),
    })

`audit_record` refuses a code nobody registered: a typo can not write an entry nobody can read.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

_ACTIONS = {}


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: object  # a lazy translation

    def __str__(self):
        return str(self.label)


def audit_actions_register(actions):
    """Register {code: label}; registering the same code twice with another label is a bug."""
    for code, label in actions.items():
        known = _ACTIONS.get(code)
        if known is not None and str(known.label) != str(label):
            raise ValueError(f"audit action {code!r} registered twice with different labels")
        _ACTIONS[code] = AuditAction(code, label)


def audit_action_label(code):
    action = _ACTIONS.get(code)
    return action.label if action is not None else code


def audit_actions():
    """Every registered action, sorted by code (the audit page's filter)."""
    return [_ACTIONS[code] for code in sorted(_ACTIONS)]


def audit_action_known(code):
    return code in _ACTIONS


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def audit_record(*, actor, action, obj=None, from_state=None, to_state=None, data=None):
    """Write one audit entry. Call it inside the service's transaction, so the entry exists
    exactly when the change it describes does."""
    if action not in _ACTIONS:
        raise LookupError(f"audit action {action!r} is not registered (see kernel/audit.py)")
    from .models import AuditEntry

    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    if actor_obj is not None:
        actor_repr = actor_obj.get_username()
    elif isinstance(actor, str):
        actor_repr = actor  # e.g. "system:beat" or "public:unsubscribe"
    else:
        actor_repr = "anonim"
    content_type = None
    object_id = ""
    object_repr = ""
    if obj is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        object_id = str(obj.pk)
        object_repr = str(obj)[:300]
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_repr=actor_repr[:200],
        action=action,
        content_type=content_type,
        object_id=object_id,
        object_repr=object_repr,
        from_state=str(from_state or "")[:40],
        to_state=str(to_state or "")[:40],
        data=_jsonable(data or {}),
    )


def _register_kernel_actions():
    from django.utils.translation import gettext_lazy as _

    audit_actions_register(
        {
            "organisation_profile.update": _("Profil organisasi diubah"),
            "auth.totp_enrol": _("Autentikator didaftarkan"),
            "auth.totp_reset": _("Autentikator direset"),
            "auth.totp_enrol_link": _("Tautan pendaftaran autentikator dibuat"),
            # kernel/rolegrants.py: roles are granted by request, the high ones approved by a second Kepala
            "role_grant.request": _("Pemberian peran diajukan"),
            "role_grant.apply": _("Peran diberikan langsung"),
            "role_grant.approve": _("Pemberian peran disetujui"),
            "role_grant.reject": _("Pemberian peran ditolak"),
            # kernel/signals.py: signing in and out, users and their roles
            "auth.login": _("Masuk ke sistem"),
            "auth.login_failed": _("Gagal masuk ke sistem"),
            "auth.logout": _("Keluar dari sistem"),
            "user.create": _("Pengguna dibuat"),
            "user.activate": _("Pengguna diaktifkan"),
            "user.deactivate": _("Pengguna dinonaktifkan"),
            "user.delete": _("Pengguna dihapus"),
            "user.groups_add": _("Peran pengguna ditambahkan"),
            "user.groups_remove": _("Peran pengguna dicabut"),
            # kernel/adminaudit.py: every write made through the Django admin
            "admin.add": _("Ditambahkan lewat admin"),
            "admin.change": _("Diubah lewat admin"),
            "admin.delete": _("Dihapus lewat admin"),
            # kernel/views.py: the audit log itself leaves the building
            "audit.export": _("Log audit diekspor"),
            # kernel/exportjobs.py: a background export's file taken by the person who asked
            "kernel.export.download": _("Berkas ekspor diunduh"),
        }
    )


_register_kernel_actions()
