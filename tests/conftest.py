"""Shared fixtures: role users, a real Celery worker, a real SMTP sink, real Chromium.

Everything here talks to real services: PostgreSQL and Redis from DATABASE_URL / REDIS_URL
(the test command starts embedded ones when unset), aiosmtpd over TCP, Debian's Chromium.
"""

import email
import email.policy
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from the same thread by the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(
    os.environ.get("HUMAS_ARTIFACTS", Path(__file__).resolve().parent.parent / "var" / "test-artifacts")
)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "uji-Sandi-2026!"


def database_url_for(dbname=None):
    """A DATABASE_URL for child processes (workers, commands) that reaches the database the tests
    use: TCP or a Unix socket (the embedded server), with credentials when there are any."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    host = quote(str(s["HOST"] or "127.0.0.1"), safe="")
    auth = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{dbname or s['NAME']}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- cache ---------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _clean_cache():
    """Tests share one Redis with the Celery broker, so only the cache's own keys are removed
    (a FLUSHDB would also drop queued tasks)."""
    from kernel.services import cache_clear_own_keys

    cache_clear_own_keys()
    # Public pages are also kept per process for a second (kernel.pagecache.local_pages).
    from kernel.pagecache import local_pages

    local_pages.forget()
    # /healthz keeps its ping result per process for a few seconds (kernel.views.health_cache).
    from kernel.views import health_cache

    health_cache.forget()
    yield
    local_pages.forget()
    health_cache.forget()


# --- users ---------------------------------------------------------------------------------
def totp_device_for(user):
    """A confirmed authenticator for users whose role requires two-factor sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="uji", confirmed=True)


def totp_token_for(user):
    from django_otp.oath import TOTP

    device = totp_device_for(user)
    # Each code is accepted once (replay protection); tests sign in the same user several times
    # within one 30-second step, so the last-used step is forgotten first.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _make_humas_client_class():
    from django.test import Client

    class HumasClient(Client):
        """Django's test client whose force_login also completes the second factor for the roles
        that need one, as a real sign-in would. Two-factor itself is tested in
        tests/humas/test_security_auth.py."""

        def force_login(self, user, backend=None):
            super().force_login(user, backend)
            self._complete_second_factor(user)

        def login(self, **credentials):
            from django.contrib.auth import get_user_model

            ok = super().login(**credentials)
            if ok:
                self._complete_second_factor(get_user_model().objects.get(username=credentials["username"]))
            return ok

        def _complete_second_factor(self, user):
            from django_otp import DEVICE_ID_SESSION_KEY

            from kernel.twofactor import user_requires_2fa

            if user_requires_2fa(user):
                session = self.session
                session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
                session.save()

    return HumasClient


def HumasClient(*args, **kwargs):  # noqa: N802 - used like a class: `HumasClient()`
    return _make_humas_client_class()(*args, **kwargs)


@pytest.fixture
def client():
    return HumasClient()


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def _make(username, role=None, **extra):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.go.id", **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return _make


@pytest.fixture
def kepala(make_user):
    from kernel.roles import KEPALA

    return make_user("kepala_uji", KEPALA, first_name="Kepala", last_name="Uji")


@pytest.fixture
def sekretaris(make_user):
    from kernel.roles import SEKRETARIS

    return make_user("sekretaris_uji", SEKRETARIS, first_name="Sekretaris", last_name="Uji")


@pytest.fixture
def sekretaris2(make_user):
    from kernel.roles import SEKRETARIS

    return make_user("sekretaris_dua", SEKRETARIS, first_name="Sekretaris", last_name="Dua")


@pytest.fixture
def staf(make_user):
    from kernel.roles import STAF

    return make_user("staf_uji", STAF, first_name="Staf", last_name="Uji")


@pytest.fixture
def ppid(make_user):
    from kernel.roles import PPID

    return make_user("ppid_uji", PPID, first_name="PPID", last_name="Uji")


@pytest.fixture
def outsider(make_user):
    """Logged in, but holds no role: must see nothing of the staff area."""
    return make_user("orang_luar")


@pytest.fixture
def role_users(kepala, sekretaris, staf, ppid):
    from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

    return {KEPALA: kepala, SEKRETARIS: sekretaris, STAF: staf, PPID: ppid}


# --- mail ----------------------------------------------------------------------------------
class SmtpSink:
    """A real SMTP server on a free port that keeps parsed messages in memory (and can be told
    to answer some recipients with an error)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.reject = {}  # address -> SMTP reply string, e.g. "550 5.1.1 no such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.reject.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted"

    def wait_for(self, count, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages at the SMTP sink, got {len(self.messages)}")


@pytest.fixture
def smtp_sink(settings):
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield sink
    controller.stop()


# --- Celery --------------------------------------------------------------------------------
@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (threads pool) consuming every queue from the real Redis broker.
    Tests that use it need committed data, hence transactional_db."""
    from celery.contrib.testing.worker import start_worker

    from humas.celery import app

    # Empty every queue the worker consumes: a task an earlier test left behind must not run here.
    with app.connection_for_write() as connection:
        for queue in ("celery", "mail", "pdf"):
            connection.default_channel.queue_purge(queue)
    with start_worker(
        app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=20,
        queues=["celery", "mail", "pdf"],
    ) as worker:
        yield worker


# --- browser -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        # Never a skip: a browser journey that did not run has not passed.
        pytest.fail(f"Chromium not found at {CHROMIUM}; install it with: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name, full_page=True):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 1000, f"screenshot {path} looks empty"
        return path

    return _shot


@pytest.fixture
def browser_login():
    def _login(page, username, password=PASSWORD):
        from django.contrib.auth import get_user_model

        from kernel.twofactor import user_requires_2fa

        # The authenticator is set up beforehand (by the enrolment link, tested in
        # tests/humas/test_security_auth.py): sign-in itself never offers to enrol one.
        user = get_user_model().objects.get(username=username)
        if user_requires_2fa(user):
            totp_device_for(user)
        page.goto("/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        if "/akun/verifikasi/" in page.url:
            # The second factor, typed as a person would from their authenticator app.
            user = get_user_model().objects.get(username=username)
            page.fill("#id_token", totp_token_for(user))
            page.click("main form button[type=submit]")
            page.wait_for_load_state("networkidle")

    return _login
