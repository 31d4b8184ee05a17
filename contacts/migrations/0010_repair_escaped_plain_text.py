"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(journalist notes and consent sources written at conference walk-ins from escaped titles)."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("contacts", "0009_contact_points_and_merge")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("contacts", skip_models=("contactimport",)),
            migrations.RunPython.noop,
        )
    ]
