# The organisation profile and the audit log now belong to the kernel app (kernel/migrations/0001):
# they leave this app's state only; their tables and rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("humas", "0002_roles"),
        ("kernel", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="OrganisationProfile"),
            ],
            database_operations=[],
        ),
    ]
