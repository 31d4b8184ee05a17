"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(titles, summaries, captions, quotes, contacts, tags, reasons and comments; bodies are rich text
and stay (body_text is derived from the body))."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("releases", "0006_embargo_room")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("releases", rich_text={"release.body", "releaserevision.body", "release.body_text"}),
            migrations.RunPython.noop,
        )
    ]
