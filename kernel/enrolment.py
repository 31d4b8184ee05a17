"""Setting up the authenticator by a one-time link, never on the first password sign-in.

Until now a user whose role needs a second factor enrolled whatever phone was at hand the first
time the password was typed: whoever had the password could bind their own authenticator. Now
Kepala Humas (or the system administrator, with `manage.py totp_enrolment_link`) issues a link
for one user; the user opens it while signed in with the password and scans the code there.

The link names a new, unconfirmed TOTP device. It dies when that device is confirmed (used
once), when a newer link is issued (the older device is removed), and after 72 hours."""

import io

import django_otp
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record
from .links import link_purpose_register, link_url
from .refusal import Refusal
from .roles import KEPALA, user_has_role

ENROL_LINK = "kernel.totp_enrol"
ENROL_MAX_AGE = 72 * 3600
DEVICE_NAME = "Aplikasi autentikator"


def _unconfirmed_device(pk):
    return TOTPDevice.objects.filter(pk=pk, confirmed=False).first()


link_purpose_register(
    ENROL_LINK,
    salt="kernel.totp_enrol.v1",
    url_name="totp_enrol_link",
    max_age=ENROL_MAX_AGE,
    resolve=_unconfirmed_device,
)


def _may_issue(actor):
    if isinstance(actor, str):
        return actor.startswith("system:")  # the operator on the server (management command)
    return user_has_role(actor, KEPALA)  # superusers too (user_has_role says yes to them)


def totp_enrolment_link_issue(*, actor, user):
    """A fresh enrolment link for `user` (absolute URL). Any older link of theirs stops working."""
    if not _may_issue(actor):
        raise Refusal(_("Hanya Kepala Humas yang dapat membuat tautan pendaftaran autentikator."))
    if not user.is_active:
        raise Refusal(_("Akun ini tidak aktif."))
    with transaction.atomic():
        replaced, _types = TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        audit_record(
            actor=actor,
            action="auth.totp_enrol_link",
            obj=user,
            data={"valid_hours": ENROL_MAX_AGE // 3600, "replaced_links": replaced},
        )
    return link_url(ENROL_LINK, device.pk)


def totp_enrolment_confirm(*, request, device, token):
    """Confirm the link's device with a first code. The new authenticator replaces any earlier
    one (a lost phone); the session is verified. False for a wrong code."""
    if device.confirmed or device.user_id != request.user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        old, _types = TOTPDevice.objects.filter(user=device.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=request.user,
            action="auth.totp_enrol",
            obj=request.user,
            to_state="confirmed",
            data={"replaced_devices": old},
        )
    django_otp.login(request, device)
    return True


def totp_qr_svg(device):
    from django_otp.qr import write_qrcode_image

    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()
