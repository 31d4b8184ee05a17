"""The one exception a service raises when it refuses: a message for the person who asked.

    raise Refusal(_("Anda yang mengajukan siaran pers ini; persetujuan harus oleh orang lain."))

The message is an Indonesian msgid translated through gettext (locale/en holds the English),
so it reads in the language of the request that caused it. Views never build their own
refusal texts: `kernel.formviews.refusal_to_form` puts it on a form, `refusal_to_messages`
into the messages framework. A Refusal always means nothing was written: services raise it
inside their transaction (or before opening one).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class Refusal(Exception):
    """A refused action. `field` names the form field the message belongs to, if any; `code`
    is a stable machine-readable reason (tests and the API use it, people read the message)."""

    def __init__(self, message, *, field=None, code="refused"):
        self.message = message
        self.field = field
        self.code = code
        super().__init__(str(message))

    def __str__(self):
        return str(self.message)

    @classmethod
    def from_validation_error(cls, exc):
        return cls(" ".join(str(m) for m in exc.messages), code="invalid")


def refusal_to_form(form, exc):
    """Put a Refusal (or a model's ValidationError) on `form`: on its field when the form shows
    that field, above the fields otherwise. Never raises (add_error on an unknown field would)."""
    if isinstance(exc, Refusal):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, str(exc))
    elif isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict") and not exc.error_dict.keys() <= {*form.fields, NON_FIELD_ERRORS}:
            # A model's full_clean() may name a field this form does not show.
            form.add_error(None, exc.messages)
        else:
            form.add_error(None, exc)
    else:
        form.add_error(None, str(exc))


def refusal_to_messages(request, exc):
    from django.contrib import messages

    text = str(exc) if isinstance(exc, Refusal) else " ".join(str(m) for m in exc.messages)
    messages.error(request, text)
