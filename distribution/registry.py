"""What a Distribution can send. Every kind of source (a release, a conference invitation, a
crisis statement) registers one builder that turns (source, journalist, delivery) into the mail
that recipient gets. The distribution pipeline owns the ledger, throttling, retries, headers
(Message-ID, List-Unsubscribe) and the SMTP connection; the builder owns only the content.

    from distribution.registry import OutgoingMail, register_builder

    @register_builder("releases.release")                      # kind="default"
    def release_mail(source, journalist, delivery):
        return OutgoingMail(subject=..., text=..., html=..., reply_to=[...])

    @register_builder("conferences.conference", kind="reminder")
    def reminder_mail(source, journalist, delivery): ...

A Distribution stores its source (generic relation) and its `kind`; the pair picks the builder.

The pipeline knows no client app: whatever is special about a kind of source is registered by
that app (`register_source_check`, `register_source`), never imported from here. Each app keeps
these registrations in a module of its own (`<app>/distribution_hooks.py`, loaded at start-up,
or its mail builder module loaded from its ready()).
"""

import contextlib
from dataclasses import dataclass, field

_BUILDERS = {}


@dataclass
class OutgoingMail:
    subject: str
    text: str
    html: str = ""
    reply_to: list = field(default_factory=list)
    # (filename, content bytes or str, mimetype)
    attachments: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)


def register_builder(model_label, kind="default"):
    """Decorator: `model_label` is "app_label.modelname" of the source model; `kind` tells apart
    several mails about one source (invitation, reminder, cancellation, follow-up...)."""

    def decorator(func):
        _BUILDERS[(model_label.lower(), kind)] = func
        return func

    return decorator


def builder_for(source, kind="default"):
    label = source._meta.label_lower
    try:
        return _BUILDERS[(label, kind)]
    except KeyError:
        raise LookupError(f"No mail builder registered for {label} ({kind})") from None


# Optional per-source check run when a distribution is created and started, e.g. "only an
# approved or published release may be sent". It raises kernel.refusal.Refusal (a model
# ValidationError from an older check is turned into one by `source_check`).
_SOURCE_CHECKS = {}


def register_source_check(model_label):
    def decorator(func):
        _SOURCE_CHECKS[model_label.lower()] = func
        return func

    return decorator


def source_check(source):
    from django.core.exceptions import ValidationError

    from kernel.refusal import Refusal

    check = _SOURCE_CHECKS.get(source._meta.label_lower)
    if check is not None:
        try:
            check(source)
        except ValidationError as exc:
            raise Refusal.from_validation_error(exc) from exc


@dataclass(frozen=True)
class SourceKind:
    """How the staff "send to journalists" page finds a source and what it says about it."""

    label: str
    param: str | None = None  # query parameter of the create page: ?release=<pk>
    get: object = None  # callable(pk) -> the source if it may be sent, else None (404)
    subject: object = None  # callable(source) -> the default subject
    notice: object = None  # callable(source) -> a warning for the create page ("" for none)
    share_text: object = None  # callable(source) -> a text to paste in WhatsApp groups ("" for none)


_SOURCES = {}


def register_source(model_label, *, param=None, get=None, subject=None, notice=None, share_text=None):
    kind = SourceKind(model_label.lower(), param, get, subject, notice, share_text)
    _SOURCES[kind.label] = kind
    return kind


def source_kinds():
    return list(_SOURCES.values())


def source_from_query(query):
    """(source, its SourceKind) named by a registered query parameter in `query`, or (None, None)."""
    for kind in _SOURCES.values():
        if kind.param and kind.param in query and kind.get is not None:
            source = kind.get(query.get(kind.param, ""))
            return source, (kind if source is not None else None)
    return None, None


def default_subject(source):
    kind = _SOURCES.get(source._meta.label_lower)
    if kind is not None and kind.subject is not None:
        return kind.subject(source)
    return str(source)


def source_notice(source):
    kind = _SOURCES.get(source._meta.label_lower)
    if kind is not None and kind.notice is not None:
        return kind.notice(source)
    return ""


def source_share_text(source):
    """The source's own "copy for WhatsApp" text (bold title, short lead, link), or ""."""
    if source is None:
        return ""
    kind = _SOURCES.get(source._meta.label_lower)
    if kind is not None and kind.share_text is not None:
        return kind.share_text(source)
    return ""


# --- follow-ups (services.distribution_follow_up_create) -------------------------------------
# A follow-up is sent by the original's builder. A builder that takes a `follow_up` keyword gets
# the kind ("correction", "resend", "embargo") and words its mail itself (follow_up_subject and
# follow_up_note below are there for it); any other builder's mail gets the subject prefix from
# the pipeline.
def follow_up_subject(follow_up, subject):
    from django.utils.translation import gettext as _

    prefix = {"correction": _("[Koreksi]"), "embargo": _("[Perubahan embargo]")}.get(follow_up or "")
    return f"{prefix} {subject}" if prefix else subject


def follow_up_note(follow_up):
    """One sentence for the top of a follow-up mail ("" for the original and for a resend)."""
    from django.utils.translation import gettext as _

    return {
        "correction": _(
            "Koreksi: surat ini menggantikan siaran yang kami kirim sebelumnya. Mohon gunakan versi ini."
        ),
        "embargo": _(
            "Perubahan embargo/jadwal: waktu terbit siaran yang kami kirim sebelumnya berubah. "
            "Perhatikan waktu embargo di bawah ini."
        ),
    }.get(follow_up or "", "")


def _takes_follow_up(builder):
    import inspect

    cached = getattr(builder, "_humas_takes_follow_up", None)
    if cached is None:
        try:
            cached = "follow_up" in inspect.signature(builder).parameters
        except (TypeError, ValueError):
            cached = False
        with contextlib.suppress(AttributeError):
            builder._humas_takes_follow_up = cached
    return cached


def build_mail(builder, source, journalist, delivery, *, follow_up=""):
    """The one call of a builder (send loop, preview, test send)."""
    if not follow_up:
        return builder(source, journalist, delivery)
    if _takes_follow_up(builder):
        return builder(source, journalist, delivery, follow_up=follow_up)
    mail = builder(source, journalist, delivery)
    mail.subject = follow_up_subject(follow_up, mail.subject)
    return mail
