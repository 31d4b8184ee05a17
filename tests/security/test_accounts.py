"""Accounts hardening (issue 22): the second factor on every signed-in path, no-store on staff
pages, the login lockout by the real client address behind the proxy."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _password_only(user):
    """Signed in with the password, second factor not given yet."""
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


# --- second factor on every signed-in path ------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/staf/",
        "/admin/",
        "/admin/auth/user/",
        "/akun/ganti-sandi/",
        "/akun/ganti-sandi/selesai/",
        "/pratinjau/token-apa-saja/",
        "/siaran-pers/",
        "/",
    ],
)
def test_second_factor_guards_every_signed_in_path(kepala, path):
    TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = _password_only(kepala)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor") + "?next=")


def test_password_change_is_not_possible_with_the_password_alone(kepala):
    TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = _password_only(kepala)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026!x",
            "new_password2": "Sandi-Baru-2026!x",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    kepala.refresh_from_db()
    assert kepala.check_password(PASSWORD)


def test_sign_in_steps_stay_open_before_the_second_factor(kepala):
    TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = _password_only(kepala)
    assert client.get(reverse("two_factor")).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/staf/").status_code == 302  # now simply signed out


def test_verified_head_and_roles_without_2fa_pass(client, kepala, staf):
    kepala.is_staff = True
    kepala.save(update_fields=["is_staff"])
    client.force_login(kepala)
    assert client.get("/akun/ganti-sandi/").status_code == 200
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.force_login(staf)
    assert other.get("/akun/ganti-sandi/").status_code == 200


# --- Cache-Control: no-store ----------------------------------------------------------------
def _no_store(response):
    value = response.get("Cache-Control", "")
    return "no-store" in value and "public" not in value


@pytest.mark.parametrize(
    "path", ["/staf/", "/staf/audit/", "/akun/ganti-sandi/", "/admin/", "/", "/siaran-pers/"]
)
def test_signed_in_responses_are_no_store(client, kepala, path):
    kepala.is_staff = True
    kepala.save(update_fields=["is_staff"])
    client.force_login(kepala)
    response = client.get(path)
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


@pytest.mark.parametrize("path", ["/akun/masuk/", "/staf/", "/admin/login/"])
def test_staff_paths_are_no_store_even_for_anonymous_visitors(path):
    response = Client().get(path)
    assert _no_store(response), (path, response.get("Cache-Control"))


def test_second_factor_redirect_is_no_store(kepala):
    TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    response = _password_only(kepala).get("/")
    assert response.status_code == 302 and _no_store(response)


def test_anonymous_public_page_keeps_its_caching():
    response = Client().get("/siaran-pers/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- login lockout by the real client address -----------------------------------------------
def _attempt(client, username, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_clients_behind_the_proxy_are_locked_separately(kepala):
    attacker = Client()
    for _ in range(5):
        response = _attempt(attacker, kepala.username, "salah", remote="127.0.0.1", forwarded="203.0.113.9")
    assert response.status_code == 429
    assert (
        _attempt(attacker, kepala.username, PASSWORD, remote="127.0.0.1", forwarded="203.0.113.9").status_code
        == 429
    )
    # The head, through the same nginx from another address, signs in.
    office = Client()
    assert (
        _attempt(office, kepala.username, PASSWORD, remote="127.0.0.1", forwarded="198.51.100.7").status_code
        == 302
    )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_a_client_cannot_hide_behind_a_forged_header_passed_through_the_proxy(kepala):
    # nginx appends the address it saw: "forged, real". The forged part is the client's own.
    attacker = Client()
    for n in range(5):
        response = _attempt(
            attacker, kepala.username, "salah", remote="127.0.0.1", forwarded=f"10.9.9.{n}, 203.0.113.9"
        )
    assert response.status_code == 429
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_forwarded_header_from_an_untrusted_address_is_ignored(kepala):
    attacker = Client()
    for n in range(5):
        response = _attempt(
            attacker, kepala.username, "salah", remote="203.0.113.9", forwarded=f"198.51.100.{n}"
        )
    assert response.status_code == 429
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # Forging the head's office address does not lock the office out either.
    office = Client()
    for _ in range(5):
        _attempt(office, kepala.username, "salah", remote="203.0.113.50", forwarded="198.51.100.7")
    assert (
        _attempt(
            Client(), kepala.username, PASSWORD, remote="127.0.0.1", forwarded="198.51.100.7"
        ).status_code
        == 302
    )


def test_trusted_proxies_come_from_settings(settings, rf):
    from kernel.clientip import client_ip

    settings.HUMAS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5")
    assert client_ip(request) == "203.0.113.9"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "127.0.0.1"  # loopback is no longer trusted here
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(request) == "10.1.2.3"


# --- exports are POST with CSRF -------------------------------------------------------------
def _export_urls():
    """Every download that writes an audit entry (personal data, the audit log itself)."""
    from datetime import timedelta

    from django.utils import timezone

    from conferences.models import Conference
    from contacts.models import Journalist
    from distribution.models import Distribution

    journalist = Journalist.objects.create(name="Wartawan Ekspor", email="ekspor@example.com")
    start = timezone.now() + timedelta(days=2)
    conference = Conference.objects.create(
        title="Jumpa pers ekspor",
        slug="jumpa-pers-ekspor",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    distribution = Distribution.objects.create(source=conference, subject="Ekspor")
    return [
        reverse("staff:audit_export"),
        reverse("staff_contacts:journalist_export") + "?format=csv",
        reverse("staff_contacts:journalist_subject_export", args=[journalist.pk, "json"]),
        reverse("staff_conferences:attendance_csv", args=[conference.pk]),
        reverse("staff_conferences:attendance_pdf", args=[conference.pk]),
        reverse("staff_distribution:report_csv", args=[distribution.pk]),
    ]


def test_audited_exports_refuse_get_and_work_by_post(client, kepala):
    from kernel.models import AuditEntry

    client.force_login(kepala)
    for url in _export_urls():
        before = AuditEntry.objects.count()
        assert client.get(url).status_code == 405, url
        assert client.head(url).status_code == 405, url
        assert AuditEntry.objects.count() == before, f"{url}: a GET wrote to the audit log"
        response = client.post(url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"], url
        assert AuditEntry.objects.count() == before + 1, url


def test_audited_exports_need_the_csrf_token(kepala):
    from tests.conftest import HumasClient

    client = HumasClient(enforce_csrf_checks=True)
    client.force_login(kepala)
    for url in _export_urls():
        assert client.post(url).status_code == 403, url


def test_export_buttons_are_forms_with_csrf(client, kepala):
    client.force_login(kepala)
    audit_page = client.get(reverse("staff:audit_list")).content.decode()
    assert f'method="post" action="{reverse("staff:audit_export")}' in audit_page
    contacts_page = client.get(reverse("staff_contacts:journalist_list")).content.decode()
    assert f'method="post" action="{reverse("staff_contacts:journalist_export")}?' in contacts_page
    assert "csrfmiddlewaretoken" in contacts_page
