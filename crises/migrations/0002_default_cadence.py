from django.db import migrations

DEFAULTS = {1: 30, 2: 60, 3: 240, 4: 1440}


def create_defaults(apps, schema_editor):
    SeverityCadence = apps.get_model("crises", "SeverityCadence")
    for severity, minutes in DEFAULTS.items():
        SeverityCadence.objects.get_or_create(severity=severity, defaults={"minutes": minutes})


class Migration(migrations.Migration):
    dependencies = [("crises", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
