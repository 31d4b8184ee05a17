"""The workflow engine itself, on a kernel model (Notification has a status and a person), with
workflows kept out of the registry so the apps' own declarations stay untouched."""

import pytest
from django.db import transaction

from kernel.audit import audit_actions_register, audit_record
from kernel.models import AuditEntry, Notification
from kernel.permissions import VIEW_NOTIFICATION
from kernel.refusal import Refusal
from kernel.workflow import Transition, Workflow, second_pair_of_eyes

pytestmark = pytest.mark.django_db
Q, SENDING, SENT = Notification.Status.QUEUED, Notification.Status.SENDING, Notification.Status.SENT

audit_actions_register(
    {
        "test.note_edit": "test: edited",
        "test.note_claim": "test: claimed",
        "test.note_approve": "test: approved",
    }
)


def _not_empty(obj, actor, **inputs):
    if not obj.body.strip():
        raise Refusal("Isi kosong.", field="body")


def _subject_ok(obj, actor):
    if obj.subject.startswith("BLOCK"):
        raise Refusal("Diblokir.")


effects_run = []

WF = Workflow(
    Notification,
    transitions=[
        Transition(
            "claim",
            source=[Q],
            target=SENDING,
            permission=VIEW_NOTIFICATION,
            label="Ambil",
            action="test.note_claim",
            checks=[_not_empty],
            guards=[_subject_ok],
            effects=[lambda obj, actor: effects_run.append((obj.pk, actor.pk))],
        ),
        Transition(
            "approve",
            source=[SENDING],
            target=SENT,
            permission=VIEW_NOTIFICATION,
            label="Setujui",
            action="test.note_approve",
            four_eyes=True,
        ),
    ],
    author_field="recipient",
    edit_actions=["test.note_edit"],
    register=False,
)


@pytest.fixture
def note(kepala):
    return Notification.objects.create(
        kind="t", recipient=kepala, to_address="a@example.go.id", subject="S", body="isi"
    )


def test_run_moves_saves_audits_and_runs_effects_after_commit(
    note, sekretaris, django_capture_on_commit_callbacks
):
    effects_run.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        moved = WF.run("claim", note, actor=sekretaris, fields=["claimed_at"], change=lambda n: {"extra": 1})
    assert moved.status == SENDING
    note.refresh_from_db()
    assert note.status == SENDING
    entry = AuditEntry.objects.get(action="test.note_claim")
    assert (entry.actor, entry.from_state, entry.to_state, entry.data) == (
        sekretaris,
        Q,
        SENDING,
        {"extra": 1},
    )
    assert len(callbacks) == 1 and effects_run == [(note.pk, sekretaris.pk)]


def test_wrong_state_permission_guard_and_check_are_refused_and_write_nothing(note, sekretaris, staf):
    with pytest.raises(Refusal) as exc:
        WF.run("approve", note, actor=sekretaris)
    assert exc.value.code == "state"
    with pytest.raises(Refusal) as exc:
        WF.run("claim", note, actor=staf)  # Staf Humas may not view notifications
    assert exc.value.code == "permission"
    Notification.objects.filter(pk=note.pk).update(subject="BLOCK me")
    with pytest.raises(Refusal, match="Diblokir"):
        WF.run("claim", note, actor=sekretaris)
    Notification.objects.filter(pk=note.pk).update(subject="ok", body="  ")
    with pytest.raises(Refusal) as exc:
        WF.run("claim", note, actor=sekretaris)
    assert exc.value.field == "body"
    note.refresh_from_db()
    assert note.status == Q and not AuditEntry.objects.filter(action__startswith="test.").exists()


def test_checks_do_not_hide_the_action_but_guards_do(note, sekretaris):
    Notification.objects.filter(pk=note.pk).update(body="")
    note.refresh_from_db()
    assert WF.action_names_for(note, sekretaris) == {"claim"}  # pressing it explains why
    note.subject = "BLOCK"
    assert WF.action_names_for(note, sekretaris) == set()


def test_second_pair_of_eyes_author_and_editors_since_last_approval(note, kepala, sekretaris, sekretaris2):
    Notification.objects.filter(pk=note.pk).update(status=SENDING)
    note.refresh_from_db()
    # The author (recipient stands for it here) may never approve.
    assert second_pair_of_eyes(WF, note, kepala).code == "four_eyes"
    assert "approve" not in WF.action_names_for(note, kepala)
    # An editor is no second pair of eyes...
    audit_record(actor=sekretaris, action="test.note_edit", obj=note)
    assert second_pair_of_eyes(WF, note, sekretaris) is not None
    assert second_pair_of_eyes(WF, note, sekretaris2) is None
    # ...until an approval: edits before it no longer count.
    audit_record(actor=sekretaris2, action="test.note_approve", obj=note)
    assert second_pair_of_eyes(WF, note, sekretaris) is None
    audit_record(actor=sekretaris2, action="test.note_edit", obj=note)
    assert second_pair_of_eyes(WF, note, sekretaris2) is not None
    with pytest.raises(Refusal):
        WF.run("approve", note, actor=sekretaris2)
    assert WF.run("approve", note, actor=sekretaris).status == SENT


def test_the_row_is_locked_and_reread_inside_the_transaction(note, sekretaris):
    stale = Notification.objects.get(pk=note.pk)
    WF.run("claim", note, actor=sekretaris)
    # A second tab still holding the old object is refused on the row's real state.
    with pytest.raises(Refusal) as exc:
        WF.run("claim", stale, actor=sekretaris)
    assert exc.value.code == "state"


def test_refusal_rolls_back_the_callers_writes_in_the_same_atomic_block(note, sekretaris):
    Notification.objects.filter(pk=note.pk).update(body="")
    with pytest.raises(Refusal), transaction.atomic():
        Notification.objects.filter(pk=note.pk).update(subject="changed")
        WF.run("claim", note, actor=sekretaris)
    note.refresh_from_db()
    assert note.subject == "S"


def test_unregistered_audit_actions_are_refused():
    with pytest.raises(LookupError):
        audit_record(actor="system:test", action="no.such_action")


def test_two_transitions_with_one_name_are_a_declaration_error():
    t = WF.transition("claim")
    with pytest.raises(ValueError):
        Workflow(Notification, transitions=[t, t], register=False)


# --- added with the releases adoption: system moves and the review-queue form of the rule ------
SYSTEM_WF = Workflow(
    Notification,
    transitions=[
        Transition(
            "sweep",
            source=[Q],
            target=SENT,
            permission=None,
            system_actor="system:beat",
            label="Kirim otomatis",
            action="test.note_claim",
        )
    ],
    register=False,
)


def test_a_system_move_is_the_system_actors_only(note, kepala):
    kepala.is_superuser = True  # whatever a person holds
    kepala.save(update_fields=["is_superuser"])
    assert SYSTEM_WF.action_names_for(note, kepala) == set()
    for actor in (kepala, "system:other", None):
        with pytest.raises(Refusal) as exc:
            SYSTEM_WF.run("sweep", note, actor=actor)
        assert exc.value.code == "permission"
    assert SYSTEM_WF.run("sweep", note, actor="system:beat").status == SENT
    assert AuditEntry.objects.get(action="test.note_claim").actor_repr == "system:beat"


def test_the_queryset_form_of_the_rule_matches_the_rule(note, kepala, sekretaris, sekretaris2, staf):
    from kernel.workflow import second_pair_of_eyes_queryset

    other = Notification.objects.create(
        kind="t", recipient=staf, to_address="b@example.go.id", subject="S", body="x"
    )
    audit_record(actor=sekretaris, action="test.note_edit", obj=note)
    audit_record(actor=sekretaris2, action="test.note_edit", obj=other)
    audit_record(actor=kepala, action="test.note_approve", obj=other)  # sekretaris2's edit is before it
    rows = Notification.objects.filter(pk__in=[note.pk, other.pk])
    for user in (kepala, sekretaris, sekretaris2, staf):
        expected = {n for n in rows if second_pair_of_eyes(WF, n, user) is None}
        assert set(second_pair_of_eyes_queryset(WF, rows, user)) == expected, user
    assert set(second_pair_of_eyes_queryset(WF, rows, sekretaris)) == {other}
    assert set(second_pair_of_eyes_queryset(WF, rows, sekretaris2)) == {note, other}
