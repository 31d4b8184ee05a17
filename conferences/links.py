"""Signed links of conferences (kernel.links): the personal RSVP link and the check-in code in its
QR. Both carry only an Invitation id. The salts, the RSVP payload key ("i") and the code prefix are
those the app used before the kernel existed, so links and QR codes in invitations already sent
keep working. They do not expire: the RSVP page closes itself once the event starts."""

from kernel.links import link_code, link_purpose_register, link_url

RSVP = "conferences.rsvp"
CHECKIN = "conferences.checkin"


def _invitation(pk):
    from .models import Invitation

    # An invitation of an erased journalist is as gone as a deleted one (UU PDP).
    return (
        Invitation.objects.select_related("conference", "journalist", "journalist__outlet")
        .filter(pk=pk, journalist__erased_at__isnull=True)
        .first()
    )


link_purpose_register(
    RSVP, salt="conferences.rsvp.v1", url_name="conferences:rsvp", legacy_key="i", resolve=_invitation
)
# A short, scanner-friendly code: "HUMAS-<id>:<signature>" (letters, digits, '-', '_' and ':').
link_purpose_register(CHECKIN, salt="conferences.checkin.v1", code_prefix="HUMAS-")


def rsvp_url(invitation, answer=None):
    """The personal RSVP link of a mail; `answer` preselects a button (GET never answers)."""
    url = link_url(RSVP, invitation.pk)
    return f"{url}?jawaban={answer}" if answer else url


def checkin_code(invitation):
    return link_code(CHECKIN, invitation.pk)
