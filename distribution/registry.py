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
"""

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
# approved or published release may be sent". It raises django.core.exceptions.ValidationError.
_SOURCE_CHECKS = {}


def register_source_check(model_label):
    def decorator(func):
        _SOURCE_CHECKS[model_label.lower()] = func
        return func

    return decorator


def source_check(source):
    check = _SOURCE_CHECKS.get(source._meta.label_lower)
    if check is not None:
        check(source)
