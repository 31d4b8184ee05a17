from django.db import migrations


def create_roles(apps, schema_editor):
    from kernel.roles import roles_sync

    roles_sync(apps)


def create_profile(apps, schema_editor):
    OrganisationProfile = apps.get_model("humas", "OrganisationProfile")
    OrganisationProfile.objects.get_or_create(pk=1, defaults={"name": "Pemerintah Daerah"})


class Migration(migrations.Migration):
    dependencies = [
        ("humas", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_profile, migrations.RunPython.noop),
    ]
