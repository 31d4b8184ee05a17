"""PublicDocument.is_published (a boolean) becomes PublicDocument.status ("draft"/"published", the
words the audit log already used), every row keeping its value."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    PublicDocument = apps.get_model("publicinfo", "PublicDocument")
    PublicDocument.objects.filter(is_published=True).update(status="published")
    PublicDocument.objects.filter(is_published=False).update(status="draft")


def backwards(apps, schema_editor):
    PublicDocument = apps.get_model("publicinfo", "PublicDocument")
    PublicDocument.objects.filter(status="published").update(is_published=True)
    PublicDocument.objects.exclude(status="published").update(is_published=False)


class Migration(migrations.Migration):
    dependencies = [
        ("publicinfo", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicdocument",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draf"), ("published", "Terbit")],
                db_index=True,
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="publicdocument",
            name="is_published",
        ),
    ]
