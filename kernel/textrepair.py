"""The one-time repair of plain text that was HTML-escaped on save.

Until the plain-text rule was fixed (kernel.text), services cleaned plain text with nh3, which
escapes: "A & B" was stored as "A &amp; B" and then escaped again on every page, mail and .ics.
Each app's data migration calls `repair_escaped_plain_text(app_label, rich_text=...)`: every
CharField/TextField of the app's models that holds prose (not rich text, not a URL, e-mail, slug
or a coded choice) gets one round of unescaping, only where the stored value looks escaped.

    migrations.RunPython(repair_escaped_plain_text("crises", rich_text={"statement.body"}),
                         migrations.RunPython.noop)
"""

from django.db import IntegrityError, models, transaction
from django.db.models import Q

from .text import ESCAPED_MARKERS, unescape_stored

# Not prose: nothing ever escaped them, and an "&amp;" in a URL's query string is the URL's own.
NOT_PROSE = (models.URLField, models.EmailField, models.SlugField, models.FilePathField)


def prose_fields(model, *, rich_text=()):
    """Names of the plain-text prose fields of `model` (a historical or a real model);
    rich_text holds "modelname.field" entries left alone (their HTML is nh3's output)."""
    names = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or isinstance(field, NOT_PROSE):
            continue
        if field.choices or f"{model._meta.model_name}.{field.name}" in rich_text:
            continue
        names.append(field.name)
    return names


def repair_escaped_plain_text(app_label, *, rich_text=(), skip_models=()):
    """A RunPython forward function repairing every prose field of `app_label`'s models."""

    def forward(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name in skip_models or not model._meta.managed:
                continue
            fields = prose_fields(model, rich_text=rich_text)
            if not fields:
                continue
            suspect = Q()
            for name in fields:
                for marker in ESCAPED_MARKERS:
                    suspect |= Q(**{f"{name}__contains": marker})
            manager = model._base_manager
            for row in manager.filter(suspect).only("pk", *fields).iterator(chunk_size=500):
                changed = {}
                for name in fields:
                    value = getattr(row, name)
                    repaired = unescape_stored(value)
                    if repaired != value:
                        changed[name] = repaired
                if not changed:
                    continue
                try:
                    with transaction.atomic():
                        manager.filter(pk=row.pk).update(**changed)
                except IntegrityError:
                    # A unique name whose unescaped form exists already ("A & B" next to
                    # "A &amp; B"): keep this row as it is rather than fail the migration.
                    continue

    return forward
