"""The release workflow, declared once (kernel.workflow): which moves exist, from which states,
who may make them, what the audit log calls them and what happens after commit. The services
(releases/services.py) make the moves through it; the staff pages ask it which buttons to draw.

    draft ──submit──> in_review ──approve──> approved ──publish/schedule──> scheduled ──> published
      ^                   │                                        (publish_scheduled, by beat)
      └─────reject────────┘                    published: correct (state stays), withdraw, unpublish
      ^                                                  │
      └──────────unapprove (reason)────────────┘ approved/scheduled: change_timing, lift_embargo
                                                 (state stays), force_publish (Kepala Humas) -> published

Corrections of a published release: `correct` is a minor one (a typo, formatting), applied at once;
`propose_correction` is a major one (facts, figures, quotes, attachments), kept as a proposal that
CORRECTION_WORKFLOW (below) approves or rejects, four_eyes: never by its proposer. The published
version stays untouched until the approval.

Second pair of eyes: approve and reject are review decisions, so both are `four_eyes` — neither
the author, nor whoever pressed "Ajukan", nor anyone who changed the content since the last
approval may take them (an author who wants her submission back asks a reviewer to return it;
letting her reject would let her pull a release out of review unseen, and keeping both decisions
with the same people means the review buttons appear and disappear together).

`publish_scheduled` is the beat sweep's move: only the explicit system actor "system:beat" may
make it (kernel.workflow.Transition.system_actor), so no person can use it to skip the publish
permission, and no button is ever drawn for it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.access import actor_may
from kernel.refusal import Refusal
from kernel.workflow import Transition, Workflow

from . import permissions as perms
from .models import Release, ReleaseCorrection

S = Release.Status
CS = ReleaseCorrection.Status
BEAT_ACTOR = "system:beat"
# Content may be changed only while a release is a draft; published ones are corrected.
EDITABLE_STATUSES = (S.DRAFT,)
# Audit actions that change what a reviewer approves: their authors are not a second pair of eyes.
EDIT_ACTIONS = (
    "release.create",
    "release.update",
    "release.autosave",
    "release.restore_revision",
    "release.correct",
    "release.duplicate",
    "release.translation_create",
)


# --- checks: run when a move is made (they look at the content or the input) ------------------
def _complete_for_review(release, actor, **inputs):
    """The author's checklist (releases/completeness.py): every missing item in one refusal."""
    from .completeness import release_missing

    missing = release_missing(release)
    if missing:
        raise Refusal(
            _("Siaran pers belum lengkap untuk diajukan: %(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )


def _comment_given(release, actor, *, comment="", **inputs):
    if not (comment or "").strip():
        raise Refusal(
            _("Tuliskan alasan penolakan agar penulis tahu apa yang perlu diperbaiki."),
            field="comment",
            code="required",
        )


def _publish_at_valid(release, actor, *, publish_at=None, now=None, **inputs):
    now = now or timezone.now()
    if publish_at is None or publish_at <= now:
        raise Refusal(_("Waktu terbit harus di masa depan."), field="publish_at", code="invalid")
    if release.embargo_until and publish_at < release.embargo_until:
        raise Refusal(
            _("Waktu terbit tidak boleh sebelum embargo berakhir."), field="publish_at", code="invalid"
        )


def _due(release, actor, *, now=None, **inputs):
    now = now or timezone.now()
    if not (release.publish_at and release.publish_at <= now):
        raise Refusal(_("Waktu terbit siaran pers ini belum tiba."), code="not_due")
    if release.embargo_until and release.embargo_until > now:
        raise Refusal(_("Embargo siaran pers ini masih berlaku."), code="embargo")


def _change_note_given(release, actor, *, change_note="", **inputs):
    if not (change_note or "").strip():
        raise Refusal(_("Catatan perubahan wajib diisi untuk koreksi."), field="change_note", code="required")


def _reason_given(release, actor, *, reason="", **inputs):
    if not (reason or "").strip():
        raise Refusal(
            _("Alasan penarikan wajib diisi; alasan ini tampil di halaman publik."),
            field="reason",
            code="required",
        )


def _reason_required(message):
    def check(release, actor, *, reason="", **inputs):
        if not (reason or "").strip():
            raise Refusal(str(message), field="reason", code="required")

    return check


_timing_reason_given = _reason_required(
    gettext_lazy("Tuliskan alasan perubahan embargo atau jadwal; alasan ini dicatat di log audit.")
)
_lift_reason_given = _reason_required(gettext_lazy("Tuliskan alasan pencabutan embargo."))
_unapprove_reason_given = _reason_required(
    gettext_lazy("Tuliskan alasan pengembalian ke draf agar penulis tahu apa yang perlu diubah.")
)
_force_reason_given = _reason_required(
    gettext_lazy("Tuliskan alasan penerbitan sebelum waktunya; alasan ini dicatat di log audit.")
)
_decision_reason_given = _reason_required(
    gettext_lazy("Tuliskan alasan penolakan koreksi agar pengusulnya tahu.")
)


def _timing_valid(release, actor, *, embargo_until=None, publish_at=None, now=None, **inputs):
    """The new times hold together: an embargo ends in the future (lifting it is its own move),
    a scheduled release keeps a future publication time, never before its embargo ends."""
    now = now or timezone.now()
    if embargo_until is not None and embargo_until <= now and embargo_until != release.embargo_until:
        raise Refusal(
            _(
                "Akhir embargo harus di masa depan; untuk mengakhirinya sekarang pakai “Cabut embargo sekarang”."
            ),
            field="embargo_until",
            code="invalid",
        )
    if publish_at is not None and publish_at != release.publish_at and publish_at <= now:
        raise Refusal(_("Waktu terbit harus di masa depan."), field="publish_at", code="invalid")
    if release.status == S.SCHEDULED:
        if publish_at is None:
            raise Refusal(
                _("Siaran pers terjadwal memerlukan waktu terbit; batalkan jadwalnya bila tidak ada."),
                field="publish_at",
                code="required",
            )
        if publish_at <= now:
            raise Refusal(_("Waktu terbit harus di masa depan."), field="publish_at", code="invalid")
    if embargo_until and publish_at and publish_at < embargo_until:
        raise Refusal(
            _("Waktu terbit tidak boleh sebelum embargo berakhir."), field="publish_at", code="invalid"
        )
    if embargo_until == release.embargo_until and publish_at == release.publish_at:
        raise Refusal(_("Tidak ada yang berubah: embargo dan waktu terbit tetap sama."), code="unchanged")


def _embargo_running(release, actor):
    if not release.is_embargoed:
        raise Refusal(_("Siaran pers ini tidak sedang diembargo."), code="no_embargo")


def _ahead_of_time(release, actor):
    """Force publish is for a release held back by its embargo or its schedule; one that is
    free to go is published the ordinary way."""
    held_by_schedule = (
        release.status == S.SCHEDULED and release.publish_at and release.publish_at > timezone.now()
    )
    if not (release.is_embargoed or held_by_schedule):
        raise Refusal(
            _("Siaran pers ini tidak tertahan embargo atau jadwal; terbitkan dengan cara biasa."),
            code="not_held",
        )


def _no_pending_correction(release, actor):
    if release.corrections.filter(status=CS.PENDING).exists():
        raise Refusal(
            _("Masih ada koreksi besar yang menunggu persetujuan; putuskan dulu koreksi itu."),
            code="pending_correction",
        )


# --- effects: after commit ---------------------------------------------------------------------
def _bump_public_cache(release, actor):
    from kernel.pagecache import public_cache_bump

    public_cache_bump()


def _request_presskit(release, actor):
    """A published (or corrected) release gets its press kit rendered in the pdf queue; after
    commit, so the kit is built from what was saved and no render waits on the transaction."""
    from .presskit.services import presskit_request

    presskit_request(release=release, actor=actor)


GO_PUBLIC = (_bump_public_cache, _request_presskit)

RELEASE_WORKFLOW = Workflow(
    Release,
    transitions=[
        Transition(
            "submit",
            source=[S.DRAFT],
            target=S.IN_REVIEW,
            permission=perms.SUBMIT_RELEASE,
            label=gettext_lazy("Ajukan untuk persetujuan"),
            action="release.submit",
            checks=[_complete_for_review],
        ),
        Transition(
            "approve",
            source=[S.IN_REVIEW],
            target=S.APPROVED,
            permission=perms.APPROVE_RELEASE,
            label=gettext_lazy("Setujui"),
            action="release.approve",
            four_eyes=True,
        ),
        Transition(
            "reject",
            source=[S.IN_REVIEW],
            target=S.DRAFT,
            permission=perms.APPROVE_RELEASE,
            label=gettext_lazy("Kembalikan ke penulis"),
            action="release.reject",
            four_eyes=True,
            checks=[_comment_given],
            dangerous=True,
        ),
        Transition(
            "publish",
            source=[S.APPROVED, S.SCHEDULED],
            target=S.PUBLISHED,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Terbitkan sekarang"),
            action="release.publish",
            effects=GO_PUBLIC,
        ),
        Transition(
            "schedule",
            source=[S.APPROVED, S.SCHEDULED],
            target=S.SCHEDULED,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Jadwalkan"),
            action="release.schedule",
            checks=[_publish_at_valid],
        ),
        Transition(
            "unschedule",
            source=[S.SCHEDULED],
            target=S.APPROVED,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Batalkan jadwal"),
            action="release.unschedule",
        ),
        Transition(
            "publish_scheduled",
            source=[S.SCHEDULED],
            target=S.PUBLISHED,
            permission=None,
            system_actor=BEAT_ACTOR,
            label=gettext_lazy("Terbit sesuai jadwal"),
            action="release.publish_scheduled",
            checks=[_due],
            effects=GO_PUBLIC,
        ),
        Transition(
            "correct",
            source=[S.PUBLISHED],
            target=None,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Koreksi"),
            action="release.correct",
            checks=[_change_note_given],
            effects=GO_PUBLIC,
        ),
        Transition(
            "propose_correction",
            source=[S.PUBLISHED],
            target=None,
            permission=perms.CHANGE_RELEASE,
            label=gettext_lazy("Usulkan koreksi besar"),
            action="release.correction_propose",
            guards=[_no_pending_correction],
            checks=[_change_note_given],
        ),
        Transition(
            "change_timing",
            source=[S.APPROVED, S.SCHEDULED],
            target=None,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Ubah embargo/jadwal"),
            action="release.timing_change",
            checks=[_timing_reason_given, _timing_valid],
        ),
        Transition(
            "lift_embargo",
            source=[S.APPROVED, S.SCHEDULED],
            target=None,
            permission=perms.PUBLISH_RELEASE,
            label=gettext_lazy("Cabut embargo sekarang"),
            action="release.embargo_lift",
            guards=[_embargo_running],
            checks=[_lift_reason_given],
        ),
        Transition(
            "unapprove",
            source=[S.APPROVED, S.SCHEDULED],
            target=S.DRAFT,
            permission=perms.APPROVE_RELEASE,
            label=gettext_lazy("Kembalikan ke draf"),
            action="release.unapprove",
            checks=[_unapprove_reason_given],
            dangerous=True,
        ),
        Transition(
            "force_publish",
            source=[S.APPROVED, S.SCHEDULED],
            target=S.PUBLISHED,
            permission=perms.FORCE_PUBLISH_RELEASE,
            label=gettext_lazy("Terbitkan paksa sekarang"),
            action="release.force_publish",
            guards=[_ahead_of_time],
            checks=[_force_reason_given],
            effects=GO_PUBLIC,
            dangerous=True,
        ),
        Transition(
            "withdraw",
            source=[S.PUBLISHED],
            target=S.WITHDRAWN,
            permission=perms.WITHDRAW_RELEASE,
            label=gettext_lazy("Tarik"),
            action="release.withdraw",
            checks=[_reason_given],
            # The kit is rendered again with the "DITARIK" mark (withdrawal is one of its inputs).
            effects=[_bump_public_cache, _request_presskit],
            dangerous=True,
        ),
        Transition(
            "unpublish",
            source=[S.PUBLISHED, S.WITHDRAWN, S.SCHEDULED],
            target=S.UNPUBLISHED,
            permission=perms.UNPUBLISH_RELEASE,
            label=gettext_lazy("Batalkan terbit"),
            action="release.unpublish",
            effects=[_bump_public_cache],
            dangerous=True,
        ),
    ],
    author_field="author",
    submitter_field="submitted_by",
    edit_actions=EDIT_ACTIONS,
    # Only an approval resets who counts as an editor: a rejection is not a review of the content
    # that is approved later, so edits made before it still count.
    approve_actions=["release.approve"],
)


# --- corrections under review ---------------------------------------------------------------
def _correction_release_published(correction, actor):
    if correction.release.status != S.PUBLISHED:
        raise Refusal(
            _("Siaran pers ini tidak lagi terbit; koreksinya tidak dapat diterapkan."), code="state"
        )


def _correction_effect(correction, actor):
    _bump_public_cache(correction.release, actor)
    _request_presskit(correction.release, actor)


# A major correction (facts, figures, quotes) is proposed on the release (`propose_correction`)
# and decided here by a second person: the proposer (`created_by`) may neither approve nor reject
# it. Until it is approved the published version stays exactly as it was.
CORRECTION_WORKFLOW = Workflow(
    ReleaseCorrection,
    transitions=[
        Transition(
            "approve",
            source=[CS.PENDING],
            target=CS.APPROVED,
            permission=perms.APPROVE_RELEASE,
            label=gettext_lazy("Setujui koreksi"),
            action="release.correction_approve",
            four_eyes=True,
            guards=[_correction_release_published],
            effects=[_correction_effect],
        ),
        Transition(
            "reject",
            source=[CS.PENDING],
            target=CS.REJECTED,
            permission=perms.APPROVE_RELEASE,
            label=gettext_lazy("Tolak koreksi"),
            action="release.correction_reject",
            four_eyes=True,
            checks=[_decision_reason_given],
            dangerous=True,
        ),
    ],
    author_field="created_by",
)


def release_edit_refusal(release, actor):
    """Why `actor` may not change the content of `release` now (a Refusal), or None. Editing is
    not a move of the workflow (the state stays) but its rule lives here beside the moves, for
    the services and the buttons alike."""
    if not actor_may(actor, perms.CHANGE_RELEASE):
        return Refusal(_("Anda tidak berwenang melakukan tindakan ini."), code="permission")
    if release.status not in EDITABLE_STATUSES:
        return Refusal(
            _("Siaran pers berstatus “%(status)s” tidak dapat diubah; hanya draf yang dapat diubah.")
            % {"status": release.get_status_display()},
            code="state",
        )
    return None
