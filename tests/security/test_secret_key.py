"""Production refuses a SECRET_KEY that is short or publicly known (issue 22, Accounts)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _example_key():
    text = (ROOT / "deploy" / "humas.env.example").read_text()
    return re.search(r"^SECRET_KEY=(.*)$", text, re.M).group(1).strip()


def _import_settings(secret_key, debug="0"):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "humas.settings",
        "DEBUG": debug,
        "SECRET_KEY": secret_key,
    }
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(len(settings.SECRET_KEY))"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _dev_key():
    text = (ROOT / "humas" / "settings.py").read_text()
    return re.search(r'^DEV_SECRET_KEY = "([^"]+)"', text, re.M).group(1)


@pytest.mark.parametrize(
    "key, message",
    [
        ("x" * 49, "at least 50 characters"),
        ("kunci-pendek", "at least 50 characters"),
        (_example_key(), "public example or development key"),
        (_dev_key(), "public example or development key"),
    ],
    ids=["49-chars", "short", "example-placeholder", "dev-key"],
)
def test_production_refuses_a_weak_or_known_secret_key(key, message):
    out = _import_settings(key)
    assert out.returncode != 0
    assert message in out.stderr


def test_production_accepts_a_long_random_key_and_debug_accepts_anything():
    import secrets

    assert _import_settings(secrets.token_urlsafe(50)).returncode == 0
    assert _import_settings("kunci-pendek", debug="1").returncode == 0
