"""Single-line fields stay single-line, whatever path saves them (a service, a form, the admin,
an import, a demo loader). Titles, names, subjects and venues end up in mail headers and
subjects; a CR or LF in one must never reach the header writer (a release title with
"\\r\\nReply-To: ...\\r\\n\\r\\n..." would otherwise rewrite the mass mail for the whole press list).

    single_line_fields(Release)                      # every CharField of the model
    single_line_fields(Conference, "title", "venue_name")

A pre_save receiver runs kernel.text.plain_line over the named CharFields (line breaks become a
space, control characters go). None stays None (nullable unique numbers)."""

from django.db import models
from django.db.models.signals import pre_save

from .text import plain_line

_REGISTERED = {}


def single_line_field_names(model):
    return _REGISTERED.get(model, ())


def single_line_fields(model, *names):
    if not names:
        names = tuple(
            f.name
            for f in model._meta.fields  # forward fields only: usable before the registry is ready
            if isinstance(f, models.CharField) and not f.choices
        )
    _REGISTERED[model] = tuple(dict.fromkeys((*_REGISTERED.get(model, ()), *names)))

    def clean_lines(sender, instance, **kwargs):
        for name in _REGISTERED[sender]:
            value = getattr(instance, name, None)
            if isinstance(value, str):
                cleaned = plain_line(value)
                if cleaned != value:
                    setattr(instance, name, cleaned)

    pre_save.connect(clean_lines, sender=model, weak=False, dispatch_uid=f"single_line:{model._meta.label}")
    return model
