"""Big files go through the Celery task (real worker, real Redis) with progress."""

import time

import pytest
from django.urls import reverse

from contacts import importing
from contacts.models import ContactImport, Journalist


def wait_for_status(imp, statuses, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        imp.refresh_from_db()
        if imp.status in statuses:
            return imp
        time.sleep(0.2)
    raise AssertionError(f"import stayed {imp.status}")


@pytest.mark.django_db(transaction=True)
def test_big_import_runs_in_celery(celery_worker, client, staf, media_root, upload, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_MAX_ROWS", 10)
    rows = "".join(f"Wartawan {i},w{i}@media.example,Desk {i % 5},Jakarta\n" for i in range(300))
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:import_upload"),
        {"file": upload("nama,email,desk,wilayah\n" + rows), "on_duplicate": "skip"},
    )
    assert response.status_code == 302
    imp = ContactImport.objects.get()
    page = client.get(imp.get_absolute_url())
    assert page.status_code == 200
    imp = wait_for_status(imp, {"validated", "invalid", "failed"})
    assert imp.status == "validated", (imp.failure, imp.report)
    assert imp.total_rows == 300 and imp.created_count == 300
    assert Journalist.objects.count() == 0
    client.post(reverse("staff_contacts:import_commit", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.status in ("importing", "done")
    if imp.status == "importing":
        partial = client.get(imp.get_absolute_url() + "?partial=1", HTTP_HX_REQUEST="true")
        assert b"<progress" in partial.content
    imp = wait_for_status(imp, {"done", "failed", "invalid"})
    assert imp.status == "done"
    assert Journalist.objects.count() == 300
