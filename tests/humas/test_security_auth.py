"""Sign-in security: TOTP second factor for Kepala Humas and Sekretaris Pers, login throttling."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kernel.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _password_login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_secretary_must_enrol_an_authenticator_before_the_staff_area(sekretaris):
    client = Client()
    response = _password_login(client, sekretaris.username)
    assert response.status_code == 302
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    page = client.get(response["Location"])
    assert "Pindai kode QR" in page.content.decode()
    svg = client.get(reverse("two_factor_qr"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    device = TOTPDevice.objects.get(user=sekretaris, confirmed=False)
    bad = client.post(reverse("two_factor"), {"token": "000000", "next": "/staf/"})
    assert "Kode salah atau sudah kedaluwarsa" in bad.content.decode()
    assert client.get(reverse("staff:dashboard")).status_code == 302
    # A wrong code throttles the device for a moment (django-otp), so the right one comes later.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)):
        ok = client.post(reverse("two_factor"), {"token": _code(device), "next": "/staf/"})
    assert ok.status_code == 302 and ok["Location"] == "/staf/"
    assert client.get(reverse("staff:dashboard")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.totp_enrol", actor=sekretaris).exists()
    # Once confirmed, the secret is never shown again.
    assert client.get(reverse("two_factor_qr")).status_code == 404


def test_head_with_an_authenticator_enters_a_code_each_sign_in(kepala):
    device = TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = Client()
    _password_login(client, kepala.username)
    assert client.get("/admin/").status_code == 302  # the admin is behind the second factor too
    page = client.get(reverse("two_factor"))
    assert "Buka aplikasi autentikator" in page.content.decode()
    assert client.get(reverse("two_factor_qr")).status_code == 404
    client.post(reverse("two_factor"), {"token": _code(device), "next": "/staf/audit/"})
    assert client.get(reverse("staff:audit_list")).status_code == 200


def test_next_parameter_can_not_send_the_user_elsewhere(kepala):
    device = TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = Client()
    _password_login(client, kepala.username)
    response = client.post(reverse("two_factor"), {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("staff:dashboard")


def test_staff_assistant_needs_no_second_factor(staf):
    client = Client()
    _password_login(client, staf.username)
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_lockout_after_five_failures_is_per_address_and_temporary(kepala):
    attacker = Client()
    for _ in range(5):
        response = _password_login(attacker, kepala.username, "salah", ip="203.0.113.9")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    # Even the right password is refused from that address during the lock...
    assert _password_login(attacker, kepala.username, ip="203.0.113.9").status_code == 429
    # ...but the head, elsewhere, is not locked out by the attacker.
    office = Client()
    assert _password_login(office, kepala.username, ip="10.1.1.1").status_code == 302
    # And the lock ends by itself.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)):
        later = Client()
        assert _password_login(later, kepala.username, ip="203.0.113.9").status_code == 302


def test_totp_code_command_is_for_development_only(settings, kepala):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("totp_code", kepala.username)
