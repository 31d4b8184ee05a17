"""How an audit entry reads to people: the action's label, the person's name, the object's type
and the states' labels, in the active language. Pure: no query beyond what the list's
select_related already fetched (ContentType.model_class and the registries are in memory)."""

from django.utils.translation import gettext as _

from .audit import audit_action_label
from .workflow import workflow_for

SYSTEM_PREFIXES = {"system": "Sistem", "public": "Publik"}


def actor_name(entry):
    if entry.actor_id is not None and entry.actor is not None:
        return entry.actor.get_full_name().strip() or entry.actor.get_username()
    text = entry.actor_repr or ""
    prefix, sep, rest = text.partition(":")
    if sep and prefix in SYSTEM_PREFIXES:
        # "system:beat" -> "Sistem (beat)"; "public:unsubscribe" -> "Publik (unsubscribe)"
        return f"{_(SYSTEM_PREFIXES[prefix])} ({rest})" if rest else _(SYSTEM_PREFIXES[prefix])
    if text == "system":
        return _("Sistem")
    if text in ("", "anonim"):
        return _("Anonim")
    return text  # the username of a user deleted since


def _state_labeller(model):
    if model is None:
        return None
    workflow = workflow_for(model)
    if workflow is not None:
        return workflow.state_label
    try:
        field = model._meta.get_field("status")
    except Exception:  # no status field: states are shown as written
        return None
    choices = dict(field.flatchoices)
    return (lambda code: choices.get(code, code)) if choices else None


def object_type_label(content_type):
    if content_type is None:
        return ""
    model = content_type.model_class()
    if model is None:  # the model has been removed since
        return content_type.model
    return str(model._meta.verbose_name).capitalize()


def entry_display(entry):
    model = entry.content_type.model_class() if entry.content_type_id and entry.content_type else None
    labeller = _state_labeller(model)

    def state(code):
        if not code:
            return ""
        return str(labeller(code)) if labeller else code

    object_text = entry.object_repr
    if not object_text and isinstance(entry.data, dict) and entry.data.get("username"):
        object_text = entry.data["username"]  # a failed sign-in: the name that was tried
    return {
        "entry": entry,
        "action_label": str(audit_action_label(entry.action)),
        "actor_name": actor_name(entry),
        "object_type": object_type_label(entry.content_type if entry.content_type_id else None),
        "object_text": object_text,
        "from_label": state(entry.from_state),
        "to_label": state(entry.to_state),
    }
