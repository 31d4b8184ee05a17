"""The life of a distribution, declared once (kernel.workflow). distribution/services.py makes
every move through DISTRIBUTION_WORKFLOW.run; the detail page draws its buttons from
`actions_for`. The send pipeline's per-row work (claim, mark sent/failed/skipped) is the
Delivery ledger's and stays in distribution/sending.py: it is not a state move of the
distribution.

    draft --schedule--> scheduled --start (beat, when due)--> sending --complete--> completed
      \\--start---------------------------------------------/  ^  |
    scheduled/sending --pause--> paused --resume--------------/  |
                                 paused --resume_schedule--> scheduled (paused before its time)
    draft/scheduled/sending/paused --cancel--> cancelled

Some moves are made by code paths without a user: "system:beat" starts what is due (a system
actor holds every permission, kernel.access.actor_may), and only "system:distribution", the
pipeline, completes a send (`system_actor` on the move), so no user is ever offered `complete`.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.refusal import Refusal
from kernel.workflow import Transition, Workflow

from . import permissions as perms
from .models import Delivery, Distribution
from .registry import source_check

S = Distribution.Status
OPEN_DELIVERY_STATUSES = (Delivery.Status.QUEUED, Delivery.Status.SENDING)


def _scheduled_later(dist):
    return bool(dist.scheduled_at and dist.scheduled_at > timezone.now())


def due_now(dist, actor):
    """A draft starts now unless it has a time ahead (then it is scheduled); a scheduled one is
    started by beat when its time comes (beat picks the due ones), not by a button."""
    if dist.status == S.SCHEDULED:
        # Beat's query decides which are due (distributions_start_due); a person waits for it.
        if not isinstance(actor, str) or dist.scheduled_at is None:
            raise Refusal(_("Distribusi terjadwal dimulai otomatis pada waktunya."), code="scheduled")
    elif _scheduled_later(dist):
        raise Refusal(
            _("Distribusi ini dijadwalkan untuk nanti; pengiriman dimulai otomatis."), code="not_due"
        )


def scheduled_later(dist, actor):
    if not _scheduled_later(dist):
        raise Refusal(_("Tidak ada waktu kirim yang akan datang."), code="not_scheduled")


def resumable_now(dist, actor):
    # Paused before its scheduled time: it goes back to the schedule (resume_schedule) instead.
    if dist.started_at is None and _scheduled_later(dist):
        raise Refusal(_("Distribusi ini kembali ke jadwalnya."), code="not_due")


def paused_before_start(dist, actor):
    if dist.started_at is not None or not _scheduled_later(dist):
        raise Refusal(_("Distribusi ini sudah mulai dikirim."), code="started")


def nothing_open(dist, actor):
    if Delivery.objects.filter(distribution=dist, status__in=OPEN_DELIVERY_STATUSES).exists():
        raise Refusal(_("Masih ada surat yang belum terkirim."), code="open_rows")


def source_sendable(dist, actor, **inputs):
    """Run when a send begins (not to decide a button): the source still exists and its app
    still allows it to go out (e.g. a release not withdrawn meanwhile)."""
    if dist.started_at is not None:
        return
    source = dist.source
    if source is None:
        raise Refusal(_("Bahan yang akan dikirim tidak ditemukan."), code="no_source")
    source_check(source)


DISTRIBUTION_WORKFLOW = Workflow(
    Distribution,
    transitions=[
        Transition(
            "update",
            source=[S.DRAFT],
            target=None,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Ubah"),
            action="distribution.update",
        ),
        Transition(
            "schedule",
            source=[S.DRAFT],
            target=S.SCHEDULED,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Jadwalkan pengiriman"),
            action="distribution.schedule",
            guards=[scheduled_later],
            checks=[source_sendable],
        ),
        Transition(
            "start",
            source=[S.DRAFT, S.SCHEDULED],
            target=S.SENDING,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Kirim ke wartawan"),
            action="distribution.start",
            guards=[due_now],
            checks=[source_sendable],
        ),
        Transition(
            "pause",
            source=[S.SENDING, S.SCHEDULED],
            target=S.PAUSED,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Jeda"),
            action="distribution.pause",
        ),
        Transition(
            "resume",
            source=[S.PAUSED],
            target=S.SENDING,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Lanjutkan"),
            action="distribution.resume",
            guards=[resumable_now],
            checks=[source_sendable],
        ),
        Transition(
            "resume_schedule",
            source=[S.PAUSED],
            target=S.SCHEDULED,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Lanjutkan"),
            action="distribution.resume",
            guards=[paused_before_start],
        ),
        Transition(
            "cancel",
            source=[S.DRAFT, S.SCHEDULED, S.SENDING, S.PAUSED],
            target=S.CANCELLED,
            permission=perms.SEND_DISTRIBUTION,
            label=_("Batalkan"),
            action="distribution.cancel",
            dangerous=True,
        ),
        Transition(
            "complete",
            source=[S.SENDING],
            target=S.COMPLETED,
            permission=None,
            # Only the pipeline completes a send, when nothing is left open.
            system_actor="system:distribution",
            label=_("Selesai"),
            action="distribution.complete",
            guards=[nothing_open],
        ),
    ],
    edit_actions=["distribution.create", "distribution.update"],
)
