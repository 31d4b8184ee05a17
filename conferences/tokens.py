"""Signed tokens of conferences: the personal RSVP link and the check-in code in the QR.

Both carry only an Invitation id, signed with SECRET_KEY and a salt of their own, so a token
made for one purpose is refused by the other and any tampering fails the signature. They do
not expire: the RSVP page closes itself once the event starts."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

_RSVP_SALT = "conferences.rsvp.v1"
_CHECKIN_SALT = "conferences.checkin.v1"
# A short, scanner-friendly code: "HUMAS-<id>:<signature>" (letters, digits, '-', '_' and ':').
_CHECKIN_PREFIX = "HUMAS-"


def rsvp_token_make(invitation):
    return signing.dumps({"i": invitation.pk}, salt=_RSVP_SALT)


def rsvp_token_read(token):
    """The invitation id inside a valid RSVP token, or None for a tampered or malformed one."""
    try:
        data = signing.loads(token, salt=_RSVP_SALT)
    except signing.BadSignature:
        return None
    value = data.get("i") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rsvp_path(invitation):
    return reverse("conferences:rsvp", kwargs={"token": rsvp_token_make(invitation)})


def rsvp_url(invitation, answer=None):
    url = settings.HUMAS_SITE_URL + rsvp_path(invitation)
    return f"{url}?jawaban={answer}" if answer else url


def checkin_code_make(invitation):
    return signing.Signer(salt=_CHECKIN_SALT).sign(f"{_CHECKIN_PREFIX}{invitation.pk}")


def checkin_code_read(code):
    """The invitation id in a scanned or typed check-in code, or None."""
    code = (code or "").strip()
    try:
        value = signing.Signer(salt=_CHECKIN_SALT).unsign(code)
    except signing.BadSignature:
        return None
    if not value.startswith(_CHECKIN_PREFIX):
        return None
    number = value[len(_CHECKIN_PREFIX) :]
    return int(number) if number.isdigit() else None
