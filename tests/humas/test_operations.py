"""Operations: backup and restore into an empty database, the system status page, JSON logs."""

import json
import logging
import uuid

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from kernel.audit import audit_record
from kernel.models import OrganisationProfile
from tests.conftest import database_url_for


def _server_dsn(dbname):
    s = connection.settings_dict
    return {
        "dbname": dbname,
        "host": s["HOST"] or None,
        "port": s["PORT"] or None,
        "user": s["USER"] or None,
        "password": s["PASSWORD"] or None,
    }


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(tmp_path, settings, kepala):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "org").mkdir(parents=True)
    (settings.MEDIA_ROOT / "org" / "logo.txt").write_text("logo-bytes")
    OrganisationProfile.objects.filter(pk=1).update(name="Instansi Cadangan")
    marker = audit_record(
        actor=kepala, action="organisation_profile.update", obj=OrganisationProfile.objects.get(pk=1)
    )

    call_command("backup", dir=str(tmp_path / "backups"))
    [folder] = list((tmp_path / "backups").glob("humas-*"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media_files"] == 1

    target = f"humas_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**_server_dsn("postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{target}"')
    try:
        call_command(
            "restore",
            str(folder),
            database_url=database_url_for(target),
            media_root=str(tmp_path / "restored"),
        )
        conn = psycopg2.connect(**_server_dsn(target))
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT name FROM humas_organisationprofile WHERE id = 1")
            assert cursor.fetchone()[0] == "Instansi Cadangan"
            cursor.execute("SELECT actor_repr FROM humas_auditentry WHERE id = %s", [marker.pk])
            assert cursor.fetchone()[0] == kepala.username
        conn.close()
        assert (tmp_path / "restored" / "org" / "logo.txt").read_text() == "logo-bytes"
        # A second restore into the now non-empty database is refused: nothing gets mixed.
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(folder), database_url=database_url_for(target))
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a Humas backup"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_system_status_page_for_head_and_secretary_only(client, kepala, staf, settings, tmp_path):
    settings.HUMAS_BACKUP_DIR = tmp_path
    client.force_login(staf)
    assert client.get(reverse("staff:system_status")).status_code == 404
    client.force_login(kepala)
    response = client.get(reverse("staff:system_status"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tidak ada worker yang menjawab." in body  # no worker in this test
    assert "Belum ada cadangan." in body
    for queue in ("celery", "mail", "pdf"):
        assert f'<th scope="row">{queue}</th>' in body


def test_system_status_sees_worker_beat_and_backup(client, kepala, celery_worker, settings, tmp_path):
    from kernel.tasks import beat_heartbeat

    settings.HUMAS_BACKUP_DIR = tmp_path
    folder = tmp_path / "humas-20261122T010000Z"
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps({"created_at": "2026-11-22T01:00:00+00:00", "media_files": 3})
    )
    beat_heartbeat.delay()
    client.force_login(kepala)
    import time

    deadline = time.time() + 15
    while True:
        body = client.get(reverse("staff:system_status")).content.decode()
        if "Belum pernah tercatat" not in body or time.time() > deadline:
            break
        time.sleep(0.2)
    assert "Belum pernah tercatat" not in body
    assert "Tidak ada worker yang menjawab." not in body
    assert "22 Nov 2026 08.00" in body  # the backup time, in WIB
    assert "3 berkas media" in body


@pytest.mark.django_db
def test_logs_are_json_with_request_id(client, capsys, settings):
    from pythonjsonlogger.json import JsonFormatter

    from humas.logging import TaskContextFilter

    logger = logging.getLogger("django.request")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s"))
    from django_guid.log_filters import CorrelationId

    handler.addFilter(CorrelationId(correlation_id_field="request_id"))
    handler.addFilter(TaskContextFilter())
    logger.addHandler(handler)
    try:
        response = client.get(
            "/halaman-yang-tidak-ada/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef"
        )
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    line = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("{")][-1]
    record = json.loads(line)
    assert record["request_id"] == "0123456789abcdef0123456789abcdef"
    assert record["message"].startswith("Not Found")
    assert record["task_id"] is None
