"""Migration 0002 turns PublicDocument.is_published into PublicDocument.status and keeps every
document's value, both ways."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("publicinfo", "0001_initial")]
AFTER = [("publicinfo", "0002_document_status")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_published_documents_stay_published_and_drafts_stay_drafts(ppid):
    try:
        old_apps = _migrate(BEFORE)
        Doc = old_apps.get_model("publicinfo", "PublicDocument")
        common = {"category": "berkala", "date": datetime.date(2026, 1, 5), "created_by_id": ppid.pk}
        Doc.objects.create(title="Terbit", slug="terbit", is_published=True, file="a.pdf", **common)
        Doc.objects.create(title="Draf", slug="draf", is_published=False, file="b.pdf", **common)
        new_apps = _migrate(AFTER)
        Doc = new_apps.get_model("publicinfo", "PublicDocument")
        assert dict(Doc.objects.values_list("slug", "status")) == {"terbit": "published", "draf": "draft"}
        old_apps = _migrate(BEFORE)
        Doc = old_apps.get_model("publicinfo", "PublicDocument")
        assert dict(Doc.objects.values_list("slug", "is_published")) == {"terbit": True, "draf": False}
    finally:
        # Back to the newest state of every app (not only 0002): later migrations (the search
        # vector, random media names) must be there for every test this process runs next.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
