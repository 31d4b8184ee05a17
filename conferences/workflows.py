"""The life of a press conference, declared once (kernel.workflow). The services run these moves;
the staff page draws its buttons from the same declaration.

    planned ──reschedule──> rescheduled ──reschedule──> rescheduled
       │  └──invite (stays)      │  └──invite (stays)
       ├──cancel──> cancelled    ├──cancel──> cancelled
       └──held (once started) / follow-up sent ──> held ──follow-up (stays held)

Sending anything to journalists (invitations, notices, follow-ups) needs Sekretaris Pers or
Kepala Humas; marking an event held is for whoever may edit it (and beat's sweep)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.refusal import Refusal
from kernel.workflow import Transition, Workflow

from . import permissions as perms
from .models import Conference

S = Conference.Status
ACTIVE = (S.PLANNED, S.RESCHEDULED)


def not_started(conference, actor):
    if conference.has_started:
        raise Refusal(_("Konferensi sudah dimulai."), code="started")


def has_started(conference, actor):
    if not conference.has_started:
        raise Refusal(_("Konferensi belum dimulai."), code="not_started")


def _followup_not_sent(field):
    def guard(conference, actor):
        if getattr(conference, field) is not None:
            raise Refusal(_("Tindak lanjut ini sudah pernah dikirim."), code="sent")

    return guard


CONFERENCE_WORKFLOW = Workflow(
    Conference,
    transitions=[
        Transition(
            "invite",
            source=ACTIVE,
            target=None,
            permission=perms.SEND_CONFERENCE_MAIL,
            label=gettext_lazy("Kirim undangan"),
            action="conference.invite",
            guards=[not_started],
        ),
        Transition(
            "reschedule",
            source=ACTIVE,
            target=S.RESCHEDULED,
            permission=perms.SEND_CONFERENCE_MAIL,
            label=gettext_lazy("Jadwalkan ulang"),
            action="conference.reschedule",
            guards=[not_started],
        ),
        Transition(
            "cancel",
            source=ACTIVE,
            target=S.CANCELLED,
            permission=perms.SEND_CONFERENCE_MAIL,
            label=gettext_lazy("Batalkan"),
            action="conference.cancel",
            dangerous=True,
        ),
        Transition(
            "held",
            source=ACTIVE,
            target=S.HELD,
            permission=perms.CHANGE_CONFERENCE,
            label=gettext_lazy("Tandai terlaksana"),
            action="conference.held",
            guards=[has_started],
        ),
        Transition(
            "followup_attended",
            source=(*ACTIVE, S.HELD),
            target=S.HELD,
            permission=perms.SEND_CONFERENCE_MAIL,
            label=gettext_lazy("Kirim ke yang hadir"),
            action="conference.followup_attended",
            guards=[has_started, _followup_not_sent("followup_attended_sent_at")],
        ),
        Transition(
            "followup_absent",
            source=(*ACTIVE, S.HELD),
            target=S.HELD,
            permission=perms.SEND_CONFERENCE_MAIL,
            label=gettext_lazy("Kirim ke undangan yang tidak hadir"),
            action="conference.followup_absent",
            guards=[has_started, _followup_not_sent("followup_absent_sent_at")],
        ),
    ],
)
