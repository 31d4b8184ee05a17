"""Permission codenames of the kernel's own models and of Django's auth, as constants. Every app
keeps its own in `<app>/permissions.py` the same way; code and templates name a permission by
its constant, never by a string typed again."""

from .roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_ORGANISATION_PROFILE = "kernel.view_organisationprofile"
CHANGE_ORGANISATION_PROFILE = "kernel.change_organisationprofile"
VIEW_AUDIT = "kernel.view_auditentry"
VIEW_NOTIFICATION = "kernel.view_notification"
VIEW_USER = "auth.view_user"
ADD_USER = "auth.add_user"
CHANGE_USER = "auth.change_user"
VIEW_GROUP = "auth.view_group"
VIEW_TOTP_DEVICE = "otp_totp.view_totpdevice"
DELETE_TOTP_DEVICE = "otp_totp.delete_totpdevice"
VIEW_ROLE_GRANT = "kernel.view_rolegrant"
ADD_ROLE_GRANT = "kernel.add_rolegrant"
APPROVE_ROLE_GRANT = "kernel.approve_rolegrant"

_STAF = [VIEW_ORGANISATION_PROFILE]
_SEKRETARIS = [*_STAF, VIEW_AUDIT, VIEW_NOTIFICATION]
ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _SEKRETARIS,
    KEPALA: [
        *_SEKRETARIS,
        CHANGE_ORGANISATION_PROFILE,
        VIEW_USER,
        ADD_USER,
        CHANGE_USER,
        VIEW_GROUP,
        VIEW_TOTP_DEVICE,
        DELETE_TOTP_DEVICE,
        VIEW_ROLE_GRANT,
        ADD_ROLE_GRANT,
        APPROVE_ROLE_GRANT,
    ],
    PPID: [VIEW_ORGANISATION_PROFILE],
}
