"""Production settings pass Django's deployment checklist, warnings included."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


# The test process's own switches (pytest-playwright sets DJANGO_ALLOW_ASYNC_UNSAFE) stay out.
TEST_ONLY = {
    "HUMAS_TESTING",
    "DEBUG",
    "HUMAS_ALLOW_DEV_SECRET",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def test_check_deploy_passes_with_production_settings():
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.update(
        DEBUG="0",
        HUMAS_HTTPS="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="humas.example.go.id",
        DJANGO_SETTINGS_MODULE="humas.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_harden_cookies_and_headers():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_REFERRER_POLICY, s.SECURE_CROSS_ORIGIN_OPENER_POLICY,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_AGE, s.X_FRAME_OPTIONS)"
    )
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.update(
        DEBUG="0", HUMAS_HTTPS="1", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="humas.example.go.id"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "same-origin",
        "same-origin",
        "True",
        "36000",
        "DENY",
    ]
