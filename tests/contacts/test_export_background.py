"""Exports (issue 17): labels instead of codes, phone numbers without an apostrophe in XLSX, and
big exports written by a worker with progress and a link — never a long request."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import Journalist, MediaOutlet
from kernel import exportjobs
from kernel.models import AuditEntry, ExportJob


@pytest.fixture
def outlet(db):
    return MediaOutlet.objects.create(name='Radar & "Suara"', outlet_type="print")


def _journalists(outlet, n):
    Journalist.objects.bulk_create(
        [
            Journalist(
                name=f"Wartawan {i}",
                email=f"w{i}@x.example",
                phone="+6281234567890",
                outlet=outlet,
                lawful_basis="legitimate_interest",
            )
            for i in range(n)
        ]
    )


@pytest.mark.django_db
def test_export_uses_labels_not_codes_and_xlsx_phones_have_no_apostrophe(client, staf, outlet):
    _journalists(outlet, 2)
    client.force_login(staf)
    response = client.post(reverse("staff_contacts:journalist_export") + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["jenis media"] == "Cetak" and row["dasar pemrosesan"] == "Kepentingan yang sah"
    assert row["bahasa"] == "Bahasa Indonesia"
    assert row["telepon"] == "+6281234567890"  # a string cell, no leading apostrophe
    assert sheet["C2"].data_type == "s"
    assert row["media"] == 'Radar & "Suara"'

    csv_response = client.post(reverse("staff_contacts:journalist_export") + "?format=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][4] == "Cetak" and rows[1][9] == "Kepentingan yang sah"
    assert rows[1][2] == "'+6281234567890"  # CSV keeps formula neutralising


@pytest.mark.django_db
def test_a_big_export_runs_in_the_background(
    client, staf, outlet, monkeypatch, media_root, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exportjobs, "EXPORT_INLINE_MAX_ROWS", 5)
    _journalists(outlet, 12)
    client.force_login(staf)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("staff_contacts:journalist_export") + "?format=xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == "queued" and job.total == 12 and len(callbacks) == 1
    page = client.get(job.get_absolute_url())
    assert 'data-testid="export-status"' in page.content.decode() and "hx-get" in page.content.decode()
    # The worker's part (the Celery task calls exactly this).
    exportjobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.done == 12 and job.percent == 100
    download = client.get(reverse("staff:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 13
    assert AuditEntry.objects.filter(action="kernel.export.download").count() == 1
    # Running the task again (a redelivery) changes nothing.
    exportjobs.export_job_run(job_id=job.pk)
    assert ExportJob.objects.get().status == "done"


@pytest.mark.django_db
def test_only_the_requester_downloads_and_files_expire(client, staf, make_user, outlet, media_root):
    from django.utils import timezone

    _journalists(outlet, 3)
    job = exportjobs.export_job_create(
        actor=staf, kind="contacts.journalists", params={}, file_format="csv", total=3
    )
    exportjobs.export_job_run(job_id=job.pk)
    other = make_user("sekretaris_lain", role="Sekretaris Pers")
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("staff:export_download", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    path = exportjobs.export_path(job)
    assert path.exists()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timezone.timedelta(hours=25))
    assert exportjobs.export_jobs_expire() == 1
    assert not path.exists()
    assert ExportJob.objects.get().status == "expired"


@pytest.mark.django_db(transaction=True)
def test_background_export_through_a_real_worker(
    client, staf, outlet, monkeypatch, media_root, celery_worker
):
    import time

    monkeypatch.setattr(exportjobs, "EXPORT_INLINE_MAX_ROWS", 5)
    _journalists(outlet, 40)
    client.force_login(staf)
    client.post(reverse("staff_contacts:journalist_export") + "?format=csv&q=Wartawan")
    job = ExportJob.objects.get()
    for _ in range(100):
        job.refresh_from_db()
        if job.status == "done":
            break
        time.sleep(0.1)
    assert job.status == "done" and job.done == 40


@pytest.mark.django_db
def test_a_big_attendance_export_runs_in_the_background(client, kepala, monkeypatch, media_root):
    from django.utils import timezone

    from conferences.models import Attendance, Conference

    monkeypatch.setattr(exportjobs, "EXPORT_INLINE_MAX_ROWS", 2)
    now = timezone.now()
    conference = Conference.objects.create(
        title='Jumpa pers & "tanya jawab"',
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=1),
        status="scheduled",
    )
    for i in range(3):
        Attendance.objects.create(
            conference=conference,
            name=f"Tamu {i}",
            email=f"t{i}@x.example",
            is_walk_in=True,
            checked_in_at=now,
        )
    client.force_login(kepala)
    response = client.post(reverse("staff_conferences:attendance_csv", args=[conference.pk]))
    job = ExportJob.objects.get(kind="conferences.attendance")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    exportjobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.done == 3
    text = b"".join(client.get(reverse("staff:export_download", args=[job.pk])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "Tamu 2" in text
