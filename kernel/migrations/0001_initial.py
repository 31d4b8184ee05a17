# The organisation profile and the audit log move from the `humas` app to the kernel without
# touching their rows: the models are created here in Django's state only, the tables are renamed,
# and the content types (and with them the permissions and every audit entry's object type) are
# relabelled, so nothing is lost on a database that already holds data.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kernel.models


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("organisationprofile", "auditentry"):
        if not ContentType.objects.filter(app_label="kernel", model=model).exists():
            ContentType.objects.filter(app_label="humas", model=model).update(app_label="kernel")


def unlabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="kernel", model__in=["organisationprofile", "auditentry"]).update(
        app_label="humas"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("humas", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrganisationProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, verbose_name="nama instansi")),
                        ("short_name", models.CharField(blank=True, max_length=60, verbose_name="nama singkat")),
                        ("unit_name", models.CharField(default="Bagian Hubungan Masyarakat", max_length=200, verbose_name="nama unit")),
                        ("logo", models.ImageField(blank=True, upload_to="org/", verbose_name="logo")),
                        ("address", models.TextField(blank=True, verbose_name="alamat")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="telepon")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                        ("website", models.URLField(blank=True, verbose_name="situs web")),
                        (
                            "release_number_pattern",
                            models.CharField(
                                default="{seq:03d}/HUMAS/{year}",
                                help_text="Gunakan {seq} (nomor urut per tahun), {year} dan {month}, mis. {seq:03d}/HUMAS/{year}.",
                                max_length=80,
                                validators=[kernel.models.validate_number_pattern],
                                verbose_name="pola nomor siaran pers",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                    ],
                    options={
                        "verbose_name": "profil organisasi",
                        "verbose_name_plural": "profil organisasi",
                        "db_table": "humas_organisationprofile",
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("pk", 1)), name="organisationprofile_singleton")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="waktu")),
                        ("actor_repr", models.CharField(blank=True, max_length=200, verbose_name="pelaku (teks)")),
                        ("action", models.CharField(db_index=True, max_length=80, verbose_name="tindakan")),
                        ("object_id", models.CharField(blank=True, max_length=64, verbose_name="ID objek")),
                        ("object_repr", models.CharField(blank=True, max_length=300, verbose_name="objek")),
                        ("from_state", models.CharField(blank=True, max_length=40, verbose_name="dari")),
                        ("to_state", models.CharField(blank=True, max_length=40, verbose_name="menjadi")),
                        ("data", models.JSONField(blank=True, default=dict, verbose_name="rincian")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="audit_entries",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="pelaku",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="contenttypes.contenttype",
                                verbose_name="jenis objek",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "entri log audit",
                        "verbose_name_plural": "log audit",
                        "ordering": ["-created_at", "-id"],
                        "default_permissions": ("view",),
                        "db_table": "humas_auditentry",
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="humas_audit_content_352d9a_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, unlabel_content_types),
    ]
