# Trigram indexes for the staff contact search, when the server has pg_trgm. The embedded
# development server (the pgserver wheel) ships no contrib extensions: there the indexes are
# skipped and the same searches run as plain scans (fine at development sizes). The model state
# always has the indexes, so migrations stay consistent either way.

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations

INDEXES = [
    (
        "journalist",
        django.contrib.postgres.indexes.GinIndex(
            django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper("name"), name="gin_trgm_ops"),
            name="journalist_name_trgm",
        ),
    ),
    (
        "journalist",
        django.contrib.postgres.indexes.GinIndex(
            django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper("email"), name="gin_trgm_ops"),
            name="journalist_email_trgm",
        ),
    ),
    (
        "mediaoutlet",
        django.contrib.postgres.indexes.GinIndex(
            django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper("name"), name="gin_trgm_ops"),
            name="mediaoutlet_name_trgm",
        ),
    ),
]


def trigram_available(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def add_indexes(apps, schema_editor):
    if not trigram_available(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("contacts", model_name), index)


def remove_indexes(apps, schema_editor):
    for _model_name, index in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index.name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_contactimport_alter_journalist_options_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name=m, index=i) for m, i in INDEXES],
            database_operations=[migrations.RunPython(add_indexes, remove_indexes)],
        )
    ]
