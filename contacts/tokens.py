"""The unsubscribe link of a contact, a thin wrapper over kernel.links (purpose
"contacts.unsubscribe", declared in contacts/links.py). The public page at
/berhenti-langganan/<token>/ (GET shows a confirmation, POST, also the RFC 8058 one-click
`List-Unsubscribe=One-Click`, opts out). Tokens do not expire: a link in an old mail keeps
working. Mail builders of other apps call `unsubscribe_url(journalist)`."""

from kernel.links import LinkProblem, link_path, link_read, link_token, link_url

from .links import UNSUBSCRIBE


def unsubscribe_token_make(journalist):
    return link_token(UNSUBSCRIBE, journalist.pk)


def unsubscribe_token_read(token):
    """The journalist id inside a valid token, or None for a tampered or malformed one."""
    try:
        return link_read(UNSUBSCRIBE, token, resolve=False).pk
    except LinkProblem:
        return None


def unsubscribe_path(journalist):
    return link_path(UNSUBSCRIBE, journalist.pk)


def unsubscribe_url(journalist):
    return link_url(UNSUBSCRIBE, journalist.pk)
