"""The signed links of conferences as the tests use them (kernel.links)."""

from conferences.links import CHECKIN, RSVP
from kernel.links import LinkProblem, link_code, link_code_read, link_path, link_read, link_token


def rsvp_token_make(invitation):
    return link_token(RSVP, invitation.pk)


def rsvp_token_read(token):
    try:
        return link_read(RSVP, token, resolve=False).pk
    except LinkProblem:
        return None


def rsvp_path(invitation):
    return link_path(RSVP, invitation.pk)


def checkin_code_make(invitation):
    return link_code(CHECKIN, invitation.pk)


def checkin_code_read(code):
    return link_code_read(CHECKIN, code)
