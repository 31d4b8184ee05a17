"""Issue 22: a line break in a single-line field must never reach a mail header. Saving removes
it (kernel.singleline on every model whose CharFields end up in headers or subjects), and the
hand-written header writer refuses CR/LF, failing the delivery instead of sending it."""

import pytest

from conferences.models import Conference
from distribution import services
from distribution.mail import MailHeaderRefused, message_bytes
from distribution.models import Delivery
from distribution.registry import OutgoingMail
from distribution.sending import send_batch
from releases.models import Release

pytestmark = pytest.mark.django_db

FORGED = "Banjir Surut\r\nReply-To: penipu@evil.example\r\n\r\nRekening donasi palsu: 123"


def _send(dist):
    ids = list(dist.deliveries.values_list("pk", flat=True))
    send_batch(distribution_id=dist.pk, delivery_ids=ids)
    return ids


def test_release_title_with_crlf_cannot_rewrite_the_mass_mail(
    smtp_sink, sekretaris, release_factory, journalists
):
    release = release_factory(status="published", title=FORGED)
    release.refresh_from_db()
    assert "\r" not in release.title and "\n" not in release.title
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    assert "\n" not in dist.subject
    services.distribution_start(actor=sekretaris, distribution=dist)
    _send(dist)
    assert len(smtp_sink.messages) == 4
    for item in smtp_sink.messages:
        msg = item["message"]
        assert msg["Reply-To"] == "dewi.lestari@humas.example.go.id"
        assert msg.get_all("Reply-To") == ["dewi.lestari@humas.example.go.id"]
        assert msg["Subject"].startswith("Banjir Surut Reply-To: penipu@evil.example")
        assert "Yth. " in msg.get_body(("plain",)).get_content()


def test_header_writer_refuses_crlf_and_the_delivery_fails_with_a_reason(
    smtp_sink, sekretaris, release_factory, journalists
):
    release = release_factory(status="published")
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    services.distribution_start(actor=sekretaris, distribution=dist)
    # A row written past the model (raw SQL, an old row): the writer is the last line of defence.
    Release.objects.filter(pk=release.pk).update(title=FORGED)
    dist.__class__.objects.filter(pk=dist.pk).update(subject=FORGED)
    _send(dist)
    assert smtp_sink.messages == []
    rows = list(Delivery.objects.filter(distribution=dist).exclude(status="skipped"))
    assert rows and {row.status for row in rows} == {"failed"}
    assert all("header Subject refused" in row.smtp_reply for row in rows)


@pytest.mark.parametrize("where", ["subject", "reply_to", "header", "to"])
def test_message_bytes_refuses_line_breaks_in_every_header(where):
    mail = OutgoingMail(subject="Judul", text="isi", html="<p>isi</p>", reply_to=["a@example.id"])
    to_email = "w@example.id"
    if where == "subject":
        mail.subject = "Judul\nBcc: x@evil.example"
    elif where == "reply_to":
        mail.reply_to = ["a@example.id\r\nBcc: x@evil.example"]
    elif where == "header":
        mail.headers = {"X-Humas": "a\rb"}
    else:
        to_email = "w@example.id\nBcc: x@evil.example"
    with pytest.raises(MailHeaderRefused):
        message_bytes(mail, to_email=to_email, journalist=None, message_id="<m@x>", from_email="h@example.id")
    mail.attachments = [("a.txt", b"x", "text/plain")]
    with pytest.raises(MailHeaderRefused):
        message_bytes(mail, to_email=to_email, journalist=None, message_id="<m@x>", from_email="h@example.id")


def test_conference_title_with_a_newline_still_invites_everyone(smtp_sink, sekretaris, staf, journalists):
    """Old code: the title kept its newline and every invitation (a mail with an .ics attachment,
    built by Django's EmailMessage) failed with BadHeaderError."""
    from datetime import timedelta

    from django.utils import timezone

    from conferences import services as conference_services

    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    conference = conference_services.conference_create(
        actor=staf,
        data={
            "title": "Konferensi Pers\nBanjir Kali Code",
            "description": "Pemaparan penanganan banjir.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": "Ruang Rapat\r\nUtama",
            "venue_address": "Jl. Merdeka No. 1",
            "is_public": True,
        },
    )
    conference = Conference.objects.get(pk=conference.pk)
    assert conference.title == "Konferensi Pers Banjir Kali Code"
    assert conference.venue_name == "Ruang Rapat Utama"
    dist = conference_services.invitations_send(
        actor=sekretaris, conference=conference, lists=journalists["lists"]
    )
    _send(dist)
    rows = list(Delivery.objects.filter(distribution=dist).exclude(status="skipped"))
    assert rows and {row.status for row in rows} == {"sent"}, [row.smtp_reply for row in rows]
    assert len(smtp_sink.messages) == len(rows)
    assert all("Banjir Kali Code" in item["message"]["Subject"] for item in smtp_sink.messages)
