"""What staff read in the audit log and on workflow buttons exists in both languages."""

from django.utils import translation

from kernel.audit import audit_actions
from kernel.workflow import workflows


def test_every_audit_action_has_a_label_in_indonesian_and_english():
    # Codes under "test." are registered by the kernel's own engine tests, not shown to staff.
    actions = [action for action in audit_actions() if not action.code.startswith("test.")]
    assert len(actions) > 80
    untranslated = []
    for action in actions:
        with translation.override("id"):
            indonesian = str(action.label)
        with translation.override("en"):
            english = str(action.label)
        assert indonesian and indonesian != action.code
        if english == indonesian:
            untranslated.append(action.code)
    assert untranslated == []


def test_every_workflow_move_and_state_has_an_english_label():
    untranslated = []
    for label, workflow in workflows().items():
        for transition in workflow.transitions:
            with translation.override("id"):
                indonesian = str(transition.label)
            with translation.override("en"):
                english = str(transition.label)
            if english == indonesian:
                untranslated.append(f"{label}:{transition.name}")
    assert untranslated == []
