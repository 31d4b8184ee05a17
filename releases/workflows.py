"""The release workflow, declared once (kernel.workflow): which moves exist, from which states,
who may make them, what the audit log calls them and what happens after commit. The services
(releases/services.py) make the moves through it; the staff pages ask it which buttons to draw.

    draft ──submit──> in_review ──approve──> approved ──publish/schedule──> scheduled ──> published
      ^                   │                                        (publish_scheduled, by beat)
      └─────reject────────┘                    published: correct (state stays), withdraw, unpublish

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
from .models import Release

S = Release.Status
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
            "withdraw",
            source=[S.PUBLISHED],
            target=S.WITHDRAWN,
            permission=perms.WITHDRAW_RELEASE,
            label=gettext_lazy("Tarik"),
            action="release.withdraw",
            checks=[_reason_given],
            effects=[_bump_public_cache],
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
