"""Personal data across apps (UU PDP 27/2022): the erasure handlers and the sections of the
data-subject export that each feature app registers in its own `<app>/privacy.py`.

The kernel imports no feature app, yet an erasure must reach every table that holds the person:
contacts owns the person and the erasure service, and calls every handler registered here
inside its own transaction, so an erasure is whole or not at all.

    erasure_handler_register("distribution", lambda *, journalist_id, email, actor: {...})
    subject_section_register("distribution", lambda *, journalist_id, email: [Section(...)])

A handler returns anonymous counts ({"deliveries": 3}); those alone go into the audit entry.
"""

from dataclasses import dataclass, field

_ERASURE_HANDLERS = {}
_ERASURE_TABLES = set()
_SUBJECT_SECTIONS = {}


def erasure_handler_register(name, fn, *, tables=()):
    """fn(*, journalist_id, email, names, phones, actor) -> {label: count}; erases or anonymises
    that person's rows in its own app. `names` and `phones` are the strings to scrub from free
    text (a walk-in's typed name, an inquiry's phone). `tables` are vacuumed after the erasure
    (old row versions still hold the values until then)."""
    _ERASURE_HANDLERS[name] = fn
    _ERASURE_TABLES.update(tables)


def erasure_vacuum_tables():
    return sorted(_ERASURE_TABLES)


def erasure_handlers():
    return dict(sorted(_ERASURE_HANDLERS.items()))


def erasure_run(*, journalist_id, email, names=(), phones=(), actor):
    """Run every registered handler (call it inside the erasing transaction); their counts."""
    counts = {}
    for name, fn in erasure_handlers().items():
        result = fn(
            journalist_id=journalist_id, email=email, names=tuple(names), phones=tuple(phones), actor=actor
        )
        for key, value in (result or {}).items():
            counts[f"{name}.{key}"] = value
    return counts


@dataclass
class SubjectSection:
    """One part of the readable data-subject export: a heading, a sentence saying why the
    office keeps it, and a table."""

    title: str
    purpose: str = ""
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    order: int = 50


def subject_section_register(name, fn):
    """fn(*, journalist_id, email) -> [SubjectSection, ...]."""
    _SUBJECT_SECTIONS[name] = fn


def subject_sections(*, journalist_id, email):
    sections = []
    for _name, fn in sorted(_SUBJECT_SECTIONS.items()):
        sections.extend(fn(journalist_id=journalist_id, email=email) or [])
    return sorted(sections, key=lambda s: s.order)


# --- scrubbing text that names a person ------------------------------------------------------
def _scrub_value(value, needles, replacement):
    if isinstance(value, str):
        lowered = value.lower()
        for needle in needles:
            if needle and needle.lower() in lowered:
                value = _replace_ci(value, needle, replacement)
                lowered = value.lower()
        return value
    if isinstance(value, dict):
        return {
            _scrub_value(k, needles, replacement): _scrub_value(v, needles, replacement)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(v, needles, replacement) for v in value]
    return value


def _replace_ci(text, needle, replacement):
    import re

    return re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)


def text_scrub(value, needles, replacement="[dihapus]"):
    """`value` (a string, or JSON-like lists and dicts) with every needle replaced,
    case-insensitively."""
    needles = sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True)
    return _scrub_value(value, needles, replacement)


def audit_scrub(*, needles, content_type=None, object_id=None, replacement="[dihapus]"):
    """Remove the needles (an address, a name, a phone in its stored forms) from the audit log:
    from the entries of one object when content_type/object_id are given, and from the payload
    and object text of every other entry that mentions one of them. The entries stay (who did
    what, when); what they said about the person goes. Returns how many entries changed."""
    from django.db.models import Q

    from .models import AuditEntry

    needles = sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True)
    if not needles:
        return 0
    match = Q()
    for needle in needles:
        # data::text holds JSON escapes for non-ASCII; the needles compared here are the
        # person's own strings, which are matched in Python again below.
        match |= Q(object_repr__icontains=needle) | Q(data__icontains=needle)
    if content_type is not None and object_id is not None:
        match |= Q(content_type=content_type, object_id=str(object_id))
    changed = 0
    for entry in AuditEntry.objects.filter(match).only("pk", "object_repr", "data").iterator():
        repr_new = _scrub_value(entry.object_repr, needles, replacement)
        data_new = _scrub_value(entry.data, needles, replacement)
        if repr_new != entry.object_repr or data_new != entry.data:
            AuditEntry.objects.filter(pk=entry.pk).update(object_repr=repr_new, data=data_new)
            changed += 1
    return changed


def _kernel_erasure(*, journalist_id, email, names, phones, actor):
    """The kernel's own rows: mails queued or sent to the person's address (a re-subscribe
    confirmation goes out as a Notification), and the audit log."""
    from django.db.models import Q

    from .models import Notification

    needles = [n for n in (email, *names, *phones) if n and len(n) >= 3]
    # Mail to the person, and staff mail that quoted them ("a new inquiry from ...").
    match = Q(to_address__iexact=email)
    for needle in needles:
        match |= Q(subject__icontains=needle) | Q(body__icontains=needle)
    notifications = 0
    for note in Notification.objects.filter(match).iterator():
        to_address = note.to_address
        if to_address.lower() == email.lower():
            to_address = f"dihapus-{journalist_id}@invalid.example"
        Notification.objects.filter(pk=note.pk).update(
            to_address=to_address,
            subject=text_scrub(note.subject, needles),
            body=text_scrub(note.body, needles),
            last_error=text_scrub(note.last_error, needles),
        )
        notifications += 1
    return {"notifications": notifications}


erasure_handler_register("kernel", _kernel_erasure, tables=("humas_auditentry", "kernel_notification"))
