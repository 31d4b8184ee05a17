"""Sender authentication: every mail leaves DKIM-signed (dkimpy), on both mail paths, and the
signature verifies with dkimpy against the public key published as the TXT record; the sender
is the organisation profile, not a placeholder address."""

import pytest
from django.core.management import call_command

from distribution import services
from kernel.dkim import dkim_txt_record
from kernel.models import Notification, OrganisationProfile
from kernel.notifications import notification_deliver_one, notification_send
from kernel.services import cache_clear_own_keys


@pytest.fixture
def dkim_key(tmp_path, settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "dkim.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    settings.HUMAS_DKIM_DOMAIN = "humas.example.go.id"
    settings.HUMAS_DKIM_SELECTOR = "humas2026"
    settings.HUMAS_DKIM_KEY_FILE = str(path)
    name, value = dkim_txt_record()
    assert name == "humas2026._domainkey.humas.example.go.id"
    return value


@pytest.fixture
def raw_sink(smtp_sink):
    """The sink, keeping each message's bytes exactly as received (a signature covers bytes)."""
    smtp_sink.raw = []
    accept = smtp_sink.handle_DATA

    async def keep_raw(server, session, envelope):
        smtp_sink.raw.append(envelope.original_content or envelope.content)
        return await accept(server, session, envelope)

    smtp_sink.handle_DATA = keep_raw
    return smtp_sink


def _verify(raw, txt):
    import dkim

    def dnsfunc(name, timeout=5):
        assert name == b"humas2026._domainkey.humas.example.go.id."
        return txt.encode()

    return dkim.verify(raw, dnsfunc=dnsfunc)


@pytest.fixture
def profile(db):
    OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Pemerintah Kota Contoh",
            "short_name": "Humas Kota Contoh",
            "email": "humas@humas.example.go.id",
        },
    )
    cache_clear_own_keys()


def test_distribution_mail_is_signed_and_verifies(
    celery_worker, raw_sink, dkim_key, profile, sekretaris, release_factory, journalists, settings
):
    from tests.distribution.test_sending import wait_done

    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(status="approved"), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    raw_sink.wait_for(4)
    wait_done(dist)
    assert len(raw_sink.raw) == 4
    for raw in raw_sink.raw:
        head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ")
        assert head.startswith(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=humas.example.go.id;")
        signed = head.split(b" h=", 1)[1].split(b";", 1)[0]
        assert b"list-unsubscribe" in signed and b"from" in signed
        assert _verify(raw, dkim_key)
        # The check is real: one changed byte of the body and it fails.
        assert not _verify(raw.replace(b"\r\n\r\n", b"\r\n\r\nX", 1)[:-40] + raw[-40:], dkim_key)
    for item in raw_sink.messages:
        assert item["message"]["From"] == "Humas Kota Contoh <humas@humas.example.go.id>"
        assert "localhost" not in item["message"]["From"]


def test_staff_notification_is_signed_and_from_the_profile(raw_sink, dkim_key, profile, kepala):
    [row] = notification_send(recipients=[kepala], subject="Menunggu persetujuan", body="Buka.", kind="t")
    assert notification_deliver_one(row.pk) == "sent"
    [raw] = raw_sink.raw
    assert _verify(raw, dkim_key)
    assert raw_sink.messages[0]["message"]["From"] == "Humas Kota Contoh <humas@humas.example.go.id>"
    assert Notification.objects.get(pk=row.pk).status == "sent"


def test_test_send_is_signed(raw_sink, dkim_key, profile, sekretaris, release_factory, journalists):
    from distribution.tasks import send_test

    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(status="approved"), lists=journalists["lists"]
    )
    send_test.apply(args=[dist.pk, "uji@humas.example.go.id", "Uji"])
    [raw] = raw_sink.raw
    assert _verify(raw, dkim_key)


def test_without_an_office_address_the_office_name_still_signs_the_mail(db, settings):
    from kernel.notifications import system_sender

    settings.DEFAULT_FROM_EMAIL = "Humas <humas@localhost>"
    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemerintah Kota Contoh", "email": ""}
    )
    cache_clear_own_keys()
    assert system_sender() == "Pemerintah Kota Contoh <humas@localhost>"
    OrganisationProfile.objects.filter(pk=1).update(email="humas@kota.example.go.id")
    cache_clear_own_keys()
    assert system_sender() == "Pemerintah Kota Contoh <humas@kota.example.go.id>"


def test_dkim_record_command_prints_the_txt_record(dkim_key, capsys):
    call_command("dkim_record")
    out = capsys.readouterr().out
    assert out.startswith("humas2026._domainkey.humas.example.go.id. IN TXT (")
    assert "".join(part for part in out.split('"')[1::2]) == dkim_key


def test_draft_page_warns_while_the_office_has_no_address(
    client, db, sekretaris, release_factory, journalists
):
    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemerintah Kota Contoh", "email": ""}
    )
    cache_clear_own_keys()
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    client.force_login(sekretaris)
    assert 'data-testid="sender-unset"' in client.get(dist.get_absolute_url()).content.decode()
    OrganisationProfile.objects.filter(pk=1).update(email="humas@kota.example.go.id")
    cache_clear_own_keys()
    page = client.get(dist.get_absolute_url()).content.decode()
    assert (
        'data-testid="sender-unset"' not in page
        and "Pemerintah Kota Contoh &lt;humas@kota.example.go.id&gt;" in page
    )


def test_the_fallback_sender_is_never_localhost(monkeypatch):
    from humas.settings import _fallback_mail_domain

    monkeypatch.delenv("HUMAS_DKIM_DOMAIN", raising=False)
    monkeypatch.setenv("HUMAS_SITE_URL", "https://humas.contoh.go.id")
    assert _fallback_mail_domain() == "humas.contoh.go.id"
    monkeypatch.setenv("HUMAS_DKIM_DOMAIN", "contoh.go.id")
    assert _fallback_mail_domain() == "contoh.go.id"
    monkeypatch.delenv("HUMAS_DKIM_DOMAIN")
    for site in ("http://127.0.0.1:8000", "http://localhost:8000", ""):
        monkeypatch.setenv("HUMAS_SITE_URL", site)
        assert _fallback_mail_domain() == "humas.invalid"
