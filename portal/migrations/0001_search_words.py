# The "did you mean" dictionary. pg_trgm (PostgreSQL contrib) and the trigram index are created
# when the server has the extension; the embedded development server (the pgserver wheel) has no
# contrib extensions, and there the search compares words in Python (portal.search). The model
# state always has the index, so migrations stay consistent either way.

import django.contrib.postgres.indexes
from django.db import migrations, models

INDEX = django.contrib.postgres.indexes.GinIndex(
    fields=["word"], name="searchword_trgm_gin", opclasses=["gin_trgm_ops"]
)


def trigram_available(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def add_index(apps, schema_editor):
    if not trigram_available(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(apps.get_model("portal", "SearchWord"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX.name}"')


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="kata")),
                ("ndoc", models.PositiveIntegerField(default=0, verbose_name="jumlah dokumen")),
            ],
            options={"verbose_name": "kata pencarian", "verbose_name_plural": "kata pencarian"},
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="searchword", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
