"""Declarative workflows: each stateful model says once which moves exist, who may make them,
under which conditions, what the audit log calls them and what happens after commit. Services
run a move with `Workflow.run`; views and templates ask the same declaration which moves this
user may make on this object (`Workflow.actions_for`), so no rule is typed twice.

    RELEASE_WORKFLOW = Workflow(
        Release,
        transitions=[
            Transition("submit", source=[S.DRAFT], target=S.IN_REVIEW,
                       permission=perms.SUBMIT_RELEASE, label=_("Ajukan"), action="release.submit",
                       checks=[body_not_empty]),
            Transition("approve", source=[S.IN_REVIEW], target=S.APPROVED,
                       permission=perms.APPROVE_RELEASE, label=_("Setujui"), action="release.approve",
                       four_eyes=True),
        ],
        author_field="author", submitter_field="submitted_by",
        edit_actions=["release.create", "release.update"],
    )

    def release_submit(*, release, actor):
        return RELEASE_WORKFLOW.run("submit", release, actor=actor)

A move is refused (kernel.refusal.Refusal, nothing written) when the object is not in one of the
move's source states, the actor lacks the permission, a guard says no, or (four_eyes) the actor
wrote, edited or submitted the content (`second_pair_of_eyes`). Guards are cheap and free of side
effects: they decide whether a button is shown. Checks look at the input or the content and are
run only when the move is made (an empty body does not hide "Ajukan"; pressing it explains why).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .access import actor_may
from .audit import audit_record
from .refusal import Refusal

_WORKFLOWS = {}


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple
    target: str | None  # None: the state stays (a correction of a published release)
    permission: str
    label: object
    action: str  # the audit action code, registered in the app's audit.py
    guards: tuple = ()  # callables (obj, actor) -> None, raising Refusal
    checks: tuple = ()  # callables (obj, actor, **inputs) -> None, raising Refusal; run() only
    four_eyes: bool = False
    effects: tuple = ()  # callables (obj, actor) called after commit
    dangerous: bool = False  # drawn as a warning button, confirmed before it runs
    # A move only the system makes (beat's sweep publishing what is due): `actor` must be exactly
    # this string ("system:beat"), and then the permission check is skipped, as there is no
    # person to hold one. No user may make it, whatever their permissions, so it is never offered
    # as a button either; `permission` may be None.
    system_actor: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "source", tuple(self.source))
        object.__setattr__(self, "guards", tuple(self.guards))
        object.__setattr__(self, "checks", tuple(self.checks))
        object.__setattr__(self, "effects", tuple(self.effects))


@dataclass
class Workflow:
    model: type
    transitions: list
    state_field: str = "status"
    author_field: str | None = None
    submitter_field: str | None = None
    # Audit actions that change the content: whoever made one since the last approval is not a
    # second pair of eyes for it.
    edit_actions: tuple = ()
    approve_actions: tuple = field(default=())
    register: bool = True  # False: a workflow for a test, kept out of the registry
    _by_name: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValueError(f"{self.model.__name__}: two transitions share a name")
        self.edit_actions = tuple(self.edit_actions)
        self.approve_actions = tuple(self.approve_actions) or tuple(
            t.action for t in self.transitions if t.four_eyes
        )
        if self.register:
            _WORKFLOWS[self.model._meta.label_lower] = self

    # --- reading the declaration -------------------------------------------------------------
    def transition(self, name):
        try:
            return self._by_name[name]
        except KeyError:
            raise LookupError(f"{self.model.__name__} has no transition {name!r}") from None

    def state_of(self, obj):
        return getattr(obj, self.state_field)

    def state_label(self, code):
        choices = dict(self.model._meta.get_field(self.state_field).flatchoices)
        return choices.get(code, code)

    def refusal_for(self, name, obj, actor):
        """Why `actor` may not make move `name` on `obj` now (a Refusal), or None if they may.
        Only what the declaration says: state, permission, guards, second pair of eyes."""
        t = self.transition(name)
        if self.state_of(obj) not in t.source:
            return Refusal(
                _("Tindakan “%(action)s” tidak dapat dilakukan pada status “%(state)s”.")
                % {"action": t.label, "state": self.state_label(self.state_of(obj))},
                code="state",
            )
        if t.system_actor is not None:
            if not (isinstance(actor, str) and actor == t.system_actor):
                return Refusal(_("Tindakan ini hanya dijalankan otomatis oleh sistem."), code="permission")
        elif not actor_may(actor, t.permission):
            return Refusal(_("Anda tidak berwenang melakukan tindakan ini."), code="permission")
        if t.four_eyes:
            refusal = second_pair_of_eyes(self, obj, actor)
            if refusal is not None:
                return refusal
        for guard in t.guards:
            try:
                guard(obj, actor)
            except Refusal as exc:
                return exc
        return None

    def actions_for(self, obj, actor):
        """The transitions `actor` may make on `obj` now, in declaration order."""
        return [t for t in self.transitions if self.refusal_for(t.name, obj, actor) is None]

    def action_names_for(self, obj, actor):
        return {t.name for t in self.actions_for(obj, actor)}

    # --- making a move ----------------------------------------------------------------------
    def run(self, name, obj, *, actor, change=None, fields=(), data=None, inputs=None):
        """Make move `name` on `obj` as `actor`, in one transaction: lock the row, check the
        declaration and the move's checks, let `change(locked)` set the move's own fields (it may
        return extra audit data or raise Refusal), save the state with `fields`, write the audit
        entry and queue the move's effects after commit. Returns the locked, saved object."""
        t = self.transition(name)
        with transaction.atomic():
            locked = self.model.objects.select_for_update().get(pk=obj.pk)
            refusal = self.refusal_for(name, locked, actor)
            if refusal is not None:
                raise refusal
            for check in t.checks:
                check(locked, actor, **(inputs or {}))
            audit_data = dict(data or {})
            if change is not None:
                audit_data.update(change(locked) or {})
            from_state = self.state_of(locked)
            update_fields = list(fields)
            if t.target is not None:
                setattr(locked, self.state_field, t.target)
                update_fields.insert(0, self.state_field)
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                update_fields.append("updated_at")
            if update_fields:
                locked.save(update_fields=list(dict.fromkeys(update_fields)))
            audit_record(
                actor=actor,
                action=t.action,
                obj=locked,
                from_state=from_state,
                to_state=self.state_of(locked),
                data=audit_data,
            )
            for effect in t.effects:
                transaction.on_commit(_bound(effect, locked, actor))
        return locked


def _bound(effect, obj, actor):
    return lambda: effect(obj, actor)


def second_pair_of_eyes(workflow, obj, actor):
    """The rule of DESIGN.md, defined once: whoever approves is neither the author, nor the
    submitter, nor anyone who changed the content since the last approval (the audit log says
    who did). Returns a Refusal, or None when `actor` is a second pair of eyes."""
    actor_id = getattr(actor, "pk", None)
    for role_field, message in (
        (workflow.author_field, _("Anda penulis naskah ini; persetujuan harus oleh orang lain.")),
        (workflow.submitter_field, _("Anda yang mengajukan naskah ini; persetujuan harus oleh orang lain.")),
    ):
        if role_field and actor_id is not None and getattr(obj, f"{role_field}_id") == actor_id:
            return Refusal(message, code="four_eyes")
    if (
        workflow.edit_actions
        and actor_id is not None
        and _edited_since_last_approval(workflow, obj, actor_id)
    ):
        return Refusal(
            _(
                "Anda ikut mengubah isi naskah ini sejak persetujuan terakhir; persetujuan harus oleh orang lain."
            ),
            code="four_eyes",
        )
    return None


def _edited_since_last_approval(workflow, obj, actor_id):
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEntry

    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
    )
    last_approval = (
        entries.filter(action__in=workflow.approve_actions)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    edits = entries.filter(action__in=workflow.edit_actions, actor_id=actor_id)
    if last_approval is not None:
        edits = edits.filter(id__gt=last_approval)
    return edits.exists()


def second_pair_of_eyes_queryset(workflow, queryset, actor):
    """`queryset` less the rows for which `actor` is not a second pair of eyes (author,
    submitter, or an edit since the last approval), in SQL: the same rule as
    `second_pair_of_eyes`, for review queues that page through many rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Exists, OuterRef, Subquery
    from django.db.models.functions import Cast, Coalesce

    from .models import AuditEntry

    actor_id = getattr(actor, "pk", None)
    if actor_id is None:
        return queryset.none()
    for role_field in (workflow.author_field, workflow.submitter_field):
        if role_field:
            queryset = queryset.exclude(**{f"{role_field}_id": actor_id})
    if not workflow.edit_actions:
        return queryset
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(workflow.model, for_concrete_model=False),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    last_approval = entries.filter(action__in=workflow.approve_actions).order_by("-id").values("id")[:1]
    # The last approval is annotated on the outer row first, so that the edits' subquery refers
    # to it (an OuterRef inside a nested subquery would point at the audit entry instead).
    edits = entries.filter(
        action__in=workflow.edit_actions, actor_id=actor_id, id__gt=OuterRef("_four_eyes_last_approval")
    )
    return queryset.annotate(_four_eyes_last_approval=Coalesce(Subquery(last_approval), 0)).exclude(
        Exists(edits)
    )


def workflow_for(model_or_obj):
    """The workflow declared for a model (or None): the audit page asks it for state labels."""
    return _WORKFLOWS.get(model_or_obj._meta.label_lower)


def workflows():
    return dict(_WORKFLOWS)
