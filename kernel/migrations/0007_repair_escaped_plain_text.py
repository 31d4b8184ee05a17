"""Plain text was HTML-escaped on save until the plain-text rule was fixed: repair what was stored
(staff notification subjects and bodies made from escaped titles; the audit log is append-only
and keeps what it recorded)."""

from django.db import migrations

from kernel.textrepair import repair_escaped_plain_text


class Migration(migrations.Migration):
    dependencies = [("kernel", "0006_pending_upload")]

    operations = [
        migrations.RunPython(
            repair_escaped_plain_text("kernel", skip_models=("auditentry", "organisationprofile", "rolegrant")),
            migrations.RunPython.noop,
        )
    ]
