"""Settings from the environment, healthz, the mail sink and a real Celery worker."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_settings_are_indonesian_wib_and_env_driven():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT


def test_settings_read_the_environment():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "humas.settings",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u:p@db.example:6543/humasprod",
        "REDIS_URL": "redis://cache.example:6380/2",
        "EMAIL_URL": "submission://mailer:rahasia@smtp.example:587",
        "ALLOWED_HOSTS": "humas.example.go.id,www.humas.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://humas.example.go.id",
        "DEBUG": "0",
    }
    code = (
        "from django.conf import settings as s;"
        "d=s.DATABASES['default'];"
        "print(d['HOST'], d['PORT'], d['NAME'], s.REDIS_URL, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS,"
        " s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.DEBUG)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[:7] == [
        "db.example",
        "6543",
        "humasprod",
        "redis://cache.example:6380/2",
        "smtp.example",
        "587",
        "True",
    ]
    assert "'humas.example.go.id'" in out.stdout and "https://humas.example.go.id" in out.stdout
    assert out.stdout.strip().endswith("False")


def test_production_refuses_to_start_without_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "humas.settings", "DEBUG": "0"}
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.SECRET_KEY"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0 and "SECRET_KEY must be set" in out.stderr


@pytest.mark.django_db
def test_healthz_reports_503_without_a_worker(client):
    response = client.get(reverse("healthz"))
    data = response.json()
    assert data["checks"]["database"]["ok"] is True
    assert data["checks"]["redis"]["ok"] is True
    assert data["checks"]["celery"]["ok"] is False
    assert response.status_code == 503


def test_healthz_reports_200_with_a_worker(client, celery_worker):
    deadline = time.time() + 15
    while True:
        response = client.get(reverse("healthz"))
        if response.status_code == 200 or time.time() > deadline:
            break
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["celery"]["workers"]


def test_mailsink_command_writes_eml_files(tmp_path, settings):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "mailsink", "--port", str(port), "--dir", str(tmp_path)], cwd=ROOT
    )
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        deadline = time.time() + 20
        while True:
            try:
                mail.send_mail("Uji sink", "Isi pesan uji", "humas@example.go.id", ["wartawan@example.com"])
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        files = []
        while time.time() < deadline and not files:
            files = list(tmp_path.glob("*.eml"))
            time.sleep(0.05)
        assert len(files) == 1
        text = files[0].read_text()
        assert "Subject: Uji sink" in text and "wartawan@example.com" in text
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_real_worker_sends_staff_notifications_to_the_sink(celery_worker, smtp_sink):
    """The staff-mail pipeline end to end: row written, task queued after commit, a real worker
    in the mail queue sends it and marks the row sent."""
    from django.db import transaction

    from kernel.models import Notification
    from kernel.notifications import notification_send

    with transaction.atomic():
        [row] = notification_send(
            recipients=["redaksi@example.com"], subject="Dari worker", body="Halo", kind="t"
        )
    [received] = smtp_sink.wait_for(1)
    assert received["message"]["Subject"] == "Dari worker"
    assert received["to"] == ["redaksi@example.com"]
    for _ in range(100):
        row.refresh_from_db()
        if row.status == Notification.Status.SENT:
            break
        time.sleep(0.05)
    assert row.status == Notification.Status.SENT


def test_embedded_redis_starts_and_stops(tmp_path, monkeypatch):
    import redis

    from humas import devenv

    monkeypatch.setattr(devenv, "VAR", tmp_path)
    with devenv.embedded_redis() as url:
        client = redis.Redis.from_url(url)
        assert client.ping()
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
