"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(titles, venues, addresses, descriptions, speakers, attendance names and outlets, status notes)."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("conferences", "0001_initial")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("conferences"),
            migrations.RunPython.noop,
        )
    ]
