"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(subjects made from escaped conference, release and statement titles)."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("distribution", "0005_follow_ups_and_engagement")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("distribution"),
            migrations.RunPython.noop,
        )
    ]
