"""Two-factor sign-in (TOTP, django-otp) for the roles that can publish and send: Kepala Humas and
Sekretaris Pers (settings.HUMAS_2FA_ROLES). A stolen password alone must not publish a release
or mail every journalist."""

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record
from .roles import user_has_role

DEVICE_NAME = "Aplikasi autentikator"


def user_requires_2fa(user):
    roles = getattr(settings, "HUMAS_2FA_ROLES", [])
    return bool(roles) and user.is_authenticated and user_has_role(user, *roles)


def totp_device_confirmed(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_enrol_start(*, user):
    """The unconfirmed device the user is setting up (one at a time; its QR is shown until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_enrol_confirm(*, request, device, token):
    """Confirm a new device with a first code; on success the session is verified too."""
    if device.confirmed or device.user_id != request.user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=request.user, action="auth.totp_enrol", obj=request.user, to_state="confirmed")
    django_otp.login(request, device)
    return True


def totp_verify(*, request, token):
    device = totp_device_confirmed(request.user)
    if device is None or not device.verify_token(token):
        return False
    django_otp.login(request, device)
    return True


def totp_reset(*, actor, user):
    """Kepala Humas removes a user's authenticator (lost phone); the user enrols again at next sign-in."""
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action="auth.totp_reset", obj=user, data={"devices": deleted})
