"""Revisions made before snapshots existed get one built from what they recorded (title, lead,
body, quotes, contacts); what they never recorded (category, tags, times, photos, attachments)
stays absent and the comparison says "not recorded" instead of inventing it. Each release's
version starts at its number of revisions, so the two keep counting together."""

from django.db import migrations
from django.db.models import Max


def forwards(apps, schema_editor):
    Release = apps.get_model("releases", "Release")
    ReleaseRevision = apps.get_model("releases", "ReleaseRevision")
    for revision in ReleaseRevision.objects.filter(release_version__isnull=True).iterator():
        extra = revision.extra or {}
        snapshot = dict(revision.snapshot or {})
        snapshot.setdefault("title", revision.title)
        snapshot.setdefault("summary", revision.summary)
        snapshot.setdefault("body", revision.body)
        snapshot.setdefault("quotes", extra.get("quotes", []))
        snapshot.setdefault("contacts", extra.get("contacts", []))
        revision.snapshot = snapshot
        revision.release_version = revision.number
        revision.save(update_fields=["snapshot", "release_version"])
    for row in ReleaseRevision.objects.values("release_id").annotate(last=Max("number")):
        Release.objects.filter(pk=row["release_id"]).update(version=row["last"])


class Migration(migrations.Migration):
    dependencies = [("releases", "0008_release_version_translation_revision_snapshot")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
