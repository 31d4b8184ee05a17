"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(incident titles and descriptions, timeline entries, inquiries, reviews, statement titles;
statement and template bodies are rich text and stay)."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("crises", "0002_default_cadence")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("crises", rich_text={"statementtemplate.body", "statement.body"}),
            migrations.RunPython.noop,
        )
    ]
