"""The moves of crises, declared once (kernel.workflow): the services make them with
`Workflow.run`, the staff pages draw their buttons from the same declaration.

Escalating or de-escalating an incident changes its severity, not its state: those stay audited
services of their own (crises.services.incident_change_severity)."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.access import actor_may
from kernel.refusal import Refusal
from kernel.workflow import Transition, Workflow

from . import permissions as perms
from .models import Incident, MediaInquiry, Statement, StatementTemplate

I = Incident.Status  # noqa: E741
S = Statement.Status
T = StatementTemplate.Status
Q = MediaInquiry.Status

# Templates mark what the drafter must fill in as [UPPERCASE IN BRACKETS]; none may be approved.
PLACEHOLDER_RE = re.compile(r"\[[A-Z0-9][A-Z0-9 ,./&()-]+\]")


# --- incidents -------------------------------------------------------------------------------
def _review_complete(incident, actor, *, what_happened="", what_worked="", follow_ups="", **_inputs):
    if not all(v.strip() for v in (what_happened, what_worked, follow_ups)):
        raise Refusal(
            _("Lengkapi tinjauan pascainsiden: apa yang terjadi, apa yang berjalan, tindak lanjut.")
        )


def _loose_ends_confirmed(incident, actor, *, confirm_loose_ends=False, **_inputs):
    # Closing with a journalist still waiting for an answer, or a statement never released, is
    # allowed (the story may have moved on) but never silent: the resolve page lists them and
    # the closer confirms "tetap selesaikan".
    from .selectors import incident_loose_ends

    if confirm_loose_ends:
        return
    loose = incident_loose_ends(incident)
    if loose["any"]:
        raise Refusal(
            _(
                "Masih ada %(inquiries)s pertanyaan media yang belum dijawab dan %(statements)s pernyataan "
                "yang belum dirilis. Centang “Tetap selesaikan” untuk menutup insiden."
            )
            % {"inquiries": len(loose["inquiries"]), "statements": len(loose["statements"])},
            field="confirm_loose_ends",
            code="loose_ends",
        )


INCIDENT_WORKFLOW = Workflow(
    Incident,
    transitions=[
        # Monitoring may fall back to responding when things flare up again.
        Transition(
            "respond",
            source=[I.OPEN, I.MONITORING],
            target=I.RESPONDING,
            permission=perms.CHANGE_INCIDENT,
            label=gettext_lazy("Penanganan"),
            action="incident.status",
        ),
        Transition(
            "monitor",
            source=[I.OPEN, I.RESPONDING],
            target=I.MONITORING,
            permission=perms.CHANGE_INCIDENT,
            label=gettext_lazy("Pemantauan"),
            action="incident.status",
        ),
        # Closing needs the post-incident review (the resolve form).
        Transition(
            "resolve",
            source=[I.OPEN, I.RESPONDING, I.MONITORING],
            target=I.RESOLVED,
            permission=perms.RESOLVE_INCIDENT,
            label=gettext_lazy("Tutup insiden"),
            action="incident.resolve",
            checks=[_review_complete, _loose_ends_confirmed],
        ),
    ],
)


# --- holding statements ----------------------------------------------------------------------
def _no_placeholders(statement, actor, **_inputs):
    left = PLACEHOLDER_RE.findall(statement.body + " " + statement.title)
    if left:
        raise Refusal(
            _("Masih ada bagian templat yang belum diisi: %(parts)s.")
            % {"parts": ", ".join(sorted(set(left)))}
        )


def _not_the_drafter(statement, actor):
    # The drafter edits their own draft instead of sending it back to themselves.
    if statement.drafted_by_id == getattr(actor, "pk", None):
        raise Refusal(_("Anda penyusun pernyataan ini; pengembalian dilakukan oleh penyetuju lain."))


def _may_send(actor):
    return actor_may(actor, perms.SEND_DISTRIBUTION)


def _something_to_release(statement, actor):
    """Publishing once and sending once: the button stays while one of them is left to this actor."""
    if statement.is_public and not (statement.sent_at is None and _may_send(actor)):
        raise Refusal(_("Pernyataan ini sudah dirilis di semua saluran yang dapat Anda pilih."))


def _release_inputs(statement, actor, *, publish=False, contact_list=None, **_inputs):
    if contact_list is not None and not _may_send(actor):
        raise Refusal(_("Anda tidak berwenang mengirim ke daftar kontak."), code="permission")
    do_publish = publish and not statement.is_public
    do_send = contact_list is not None and statement.sent_at is None
    if not do_publish and not do_send:
        raise Refusal(_("Pilih terbitkan di halaman publik dan/atau kirim ke daftar kontak."))


STATEMENT_WORKFLOW = Workflow(
    Statement,
    transitions=[
        Transition(
            "edit",
            source=[S.DRAFT],
            target=None,
            permission=perms.CHANGE_STATEMENT,
            label=gettext_lazy("Ubah draf"),
            action="statement.update",
        ),
        Transition(
            "approve",
            source=[S.DRAFT],
            target=S.APPROVED,
            permission=perms.APPROVE_STATEMENT,
            label=gettext_lazy("Setujui"),
            action="statement.approve",
            four_eyes=True,
            checks=[_no_placeholders],
        ),
        Transition(
            "reject",
            source=[S.DRAFT, S.APPROVED],
            target=S.DRAFT,
            permission=perms.APPROVE_STATEMENT,
            label=gettext_lazy("Kembalikan ke penyusun"),
            action="statement.reject",
            guards=[_not_the_drafter],
        ),
        # Publishing on the public page and/or sending to a contact list, in one move; a
        # published statement not yet sent may still be sent (and vice versa).
        Transition(
            "release",
            source=[S.APPROVED, S.PUBLISHED],
            target=S.PUBLISHED,
            permission=perms.RELEASE_STATEMENT,
            label=gettext_lazy("Rilis sekarang"),
            action="statement.release",
            guards=[_something_to_release],
            checks=[_release_inputs],
        ),
    ],
    # Whoever drafted it, or edited it since its last approval, is not the second pair of eyes.
    author_field="drafted_by",
    edit_actions=["statement.draft", "statement.update"],
)


# --- statement templates ---------------------------------------------------------------------
def _not_usable_yet(template, actor):
    if template.is_usable:
        raise Refusal(_("Templat ini sudah disetujui dan masih berlaku."))


def _review_date_ahead(template, actor, *, review_date=None, **_inputs):
    if review_date is None or review_date <= timezone.localdate():
        raise Refusal(_("Tanggal tinjau ulang harus setelah hari ini."), field="review_date")


TEMPLATE_WORKFLOW = Workflow(
    StatementTemplate,
    transitions=[
        # Any change to the text sends the template back to draft: it must be approved again.
        Transition(
            "edit",
            source=[T.DRAFT, T.APPROVED],
            target=T.DRAFT,
            permission=perms.CHANGE_STATEMENTTEMPLATE,
            label=gettext_lazy("Ubah"),
            action="statement_template.update",
        ),
        # An approved template past its review date is approved again (same state).
        Transition(
            "approve",
            source=[T.DRAFT, T.APPROVED],
            target=T.APPROVED,
            permission=perms.APPROVE_STATEMENTTEMPLATE,
            label=gettext_lazy("Setujui templat"),
            action="statement_template.approve",
            four_eyes=True,
            guards=[_not_usable_yet],
            checks=[_review_date_ahead],
        ),
    ],
    author_field="created_by",
    edit_actions=["statement_template.create", "statement_template.update"],
)


# --- media inquiries -------------------------------------------------------------------------
def _answer_written(inquiry, actor, *, answer="", **_inputs):
    if not (answer or "").strip():
        raise Refusal(_("Tuliskan jawabannya sebelum menandai pertanyaan sebagai dijawab."), field="answer")


INQUIRY_WORKFLOW = Workflow(
    MediaInquiry,
    transitions=[
        Transition(
            "start",
            source=[Q.NEW],
            target=Q.IN_PROGRESS,
            permission=perms.CHANGE_MEDIAINQUIRY,
            label=Q.IN_PROGRESS.label,
            action="inquiry.start",
        ),
        Transition(
            "answer",
            source=[Q.NEW, Q.IN_PROGRESS, Q.DECLINED],
            target=Q.ANSWERED,
            permission=perms.CHANGE_MEDIAINQUIRY,
            label=Q.ANSWERED.label,
            action="inquiry.answer",
            checks=[_answer_written],
        ),
        Transition(
            "decline",
            source=[Q.NEW, Q.IN_PROGRESS, Q.ANSWERED],
            target=Q.DECLINED,
            permission=perms.CHANGE_MEDIAINQUIRY,
            label=Q.DECLINED.label,
            action="inquiry.decline",
        ),
        Transition(
            "reopen",
            source=[Q.ANSWERED, Q.DECLINED],
            target=Q.IN_PROGRESS,
            permission=perms.CHANGE_MEDIAINQUIRY,
            label=gettext_lazy("Buka kembali"),
            action="inquiry.reopen",
        ),
    ],
)


def transition_to(workflow, obj, target):
    """The name of the declared move from `obj`'s state to `target` (None if there is none):
    the status forms post a target state, the services run the move that leads there."""
    state = workflow.state_of(obj)
    for t in workflow.transitions:
        if t.target == target and state in t.source and t.target != state:
            return t.name
    return None


def target_choices(workflow, obj, actor, names=None):
    """(target state, label) of the moves `actor` may make on `obj` now that change its state:
    the choices of a status form, drawn from the declaration."""
    state = workflow.state_of(obj)
    return [
        (t.target, workflow.state_label(t.target))
        for t in workflow.actions_for(obj, actor)
        if t.target is not None and t.target != state and (names is None or t.name in names)
    ]
