"""Signed per-contact unsubscribe tokens. The public page at /berhenti-langganan/<token>/ (GET shows
a confirmation, POST — also the RFC 8058 one-click `List-Unsubscribe=One-Click` — opts out).
Tokens do not expire: an unsubscribe link in an old mail must keep working."""

from django.conf import settings
from django.core import signing

_SALT = "contacts.unsubscribe.v1"


def unsubscribe_token_make(journalist):
    return signing.dumps({"j": journalist.pk}, salt=_SALT, compress=True)


def unsubscribe_token_read(token):
    """The journalist id inside a valid token, or None for a tampered or malformed one."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    value = data.get("j") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def unsubscribe_path(journalist):
    return f"/berhenti-langganan/{unsubscribe_token_make(journalist)}/"


def unsubscribe_url(journalist):
    return settings.HUMAS_SITE_URL + unsubscribe_path(journalist)
