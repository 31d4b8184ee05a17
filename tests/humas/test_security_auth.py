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


def test_secretary_without_authenticator_is_stopped_and_told_to_ask_for_a_link(sekretaris, kepala):
    client = Client()
    response = _password_login(client, sekretaris.username)
    assert response.status_code == 302
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    page = client.get(response["Location"]).content.decode()
    # No enrolment on the first password sign-in: whoever has the password can not bind a phone.
    assert (
        "Pindai kode QR" not in page
        and "Mintalah tautan pendaftaran autentikator kepada Kepala Humas" in page
    )
    assert not TOTPDevice.objects.filter(user=sekretaris).exists()
    assert client.post(reverse("two_factor"), {"token": "000000"}).status_code == 200
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_secretary_enrols_by_the_one_time_link_from_the_head(sekretaris, kepala):
    from kernel.enrolment import totp_enrolment_link_issue

    url = totp_enrolment_link_issue(actor=kepala, user=sekretaris)
    path = url.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    client = Client()
    # Signed out: the link asks for the password first.
    assert client.get(path)["Location"].startswith(reverse("login"))
    _password_login(client, sekretaris.username)
    page = client.get(path)
    assert (
        page.status_code == 200
        and "Pindai kode QR" in page.content.decode()
        and "<svg" in page.content.decode()
    )
    device = TOTPDevice.objects.get(user=sekretaris, confirmed=False)
    bad = client.post(path, {"token": "000000"})
    assert "Kode salah atau sudah kedaluwarsa" in bad.content.decode()
    assert client.get(reverse("staff:dashboard")).status_code == 302
    # A wrong code throttles the device for a moment (django-otp), so the right one comes later.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)):
        ok = client.post(path, {"token": _code(device)})
    assert ok.status_code == 302 and ok["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.totp_enrol", actor=sekretaris).exists()
    assert AuditEntry.objects.filter(action="auth.totp_enrol_link", actor=kepala).exists()
    # Used once: the link is dead, and the secret is never shown again.
    again = client.get(path)
    assert again.status_code == 410 and "Pindai kode QR" not in again.content.decode()


def test_enrolment_link_dies_when_a_newer_one_is_issued_and_after_72_hours(sekretaris, kepala):
    from kernel.enrolment import totp_enrolment_link_issue

    def path_of(url):
        return "/" + url.split("://", 1)[1].split("/", 1)[1]

    first = path_of(totp_enrolment_link_issue(actor=kepala, user=sekretaris))
    second = path_of(totp_enrolment_link_issue(actor=kepala, user=sekretaris))
    client = Client()
    _password_login(client, sekretaris.username)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=73)):
        late = Client()
        _password_login(late, sekretaris.username, ip="10.0.0.2")
        assert late.get(second).status_code == 410


def test_enrolment_link_works_only_for_its_user_and_only_kepala_issues_it(
    sekretaris, sekretaris2, kepala, staf
):
    from kernel.enrolment import totp_enrolment_link_issue
    from kernel.refusal import Refusal

    with pytest.raises(Refusal):
        totp_enrolment_link_issue(actor=staf, user=sekretaris)
    with pytest.raises(Refusal):
        totp_enrolment_link_issue(actor=sekretaris2, user=sekretaris)
    url = totp_enrolment_link_issue(actor=kepala, user=sekretaris)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    other = Client()
    _password_login(other, sekretaris2.username)
    response = other.get(path)
    assert response.status_code == 404 and "Pindai kode QR" not in response.content.decode()
    assert other.post(path, {"token": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user=sekretaris, confirmed=True).exists()


def test_enrolment_link_command_for_the_system_administrator(kepala):
    from io import StringIO

    out = StringIO()
    call_command("totp_enrolment_link", kepala.username, stdout=out, stderr=StringIO())
    assert "/akun/autentikator/" in out.getvalue()
    entry = AuditEntry.objects.get(action="auth.totp_enrol_link")
    assert entry.actor_repr == "system:manage.py"


def test_head_with_an_authenticator_enters_a_code_each_sign_in(kepala):
    device = TOTPDevice.objects.create(user=kepala, name="ponsel", confirmed=True)
    client = Client()
    _password_login(client, kepala.username)
    assert client.get("/admin/").status_code == 302  # the admin is behind the second factor too
    page = client.get(reverse("two_factor"))
    assert "Buka aplikasi autentikator" in page.content.decode()
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
