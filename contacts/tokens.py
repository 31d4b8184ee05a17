"""The unsubscribe link of a contact, a thin wrapper over kernel.links (purpose
"contacts.unsubscribe", declared in contacts/links.py). The public page at
/berhenti-langganan/<token>/ (GET shows a confirmation, POST, also the RFC 8058 one-click
`List-Unsubscribe=One-Click`, opts out). Tokens do not expire: a link in an old mail keeps
working. Mail builders of other apps call `unsubscribe_url(journalist)`."""

import functools

from django.conf import settings
from django.urls import reverse

from kernel.links import LinkProblem, link_purpose, link_read, link_token

from .links import UNSUBSCRIBE


def unsubscribe_token_make(journalist):
    return link_token(UNSUBSCRIBE, journalist.pk)


def unsubscribe_token_read(token):
    """The journalist id inside a valid token, or None for a tampered or malformed one."""
    try:
        return link_read(UNSUBSCRIBE, token, resolve=False).pk
    except LinkProblem:
        return None


@functools.lru_cache(maxsize=1)
def _path_around_token():
    # The same path kernel.links.link_path builds, with the URL reversed once per process and
    # not once per recipient: reverse() costs ~0.45 ms, six times the signature, and a send of
    # 10,000 mails builds 10,000 of these links (the public URLs have no language prefix).
    marker = "TOKEN"
    head, tail = reverse(link_purpose(UNSUBSCRIBE).url_name, kwargs={"token": marker}).split(marker)
    return head, tail


def unsubscribe_path(journalist):
    head, tail = _path_around_token()
    return f"{head}{link_token(UNSUBSCRIBE, journalist.pk)}{tail}"


def unsubscribe_url(journalist):
    return settings.HUMAS_SITE_URL.rstrip("/") + unsubscribe_path(journalist)
