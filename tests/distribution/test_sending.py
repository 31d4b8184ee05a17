"""End to end through a real Celery worker, real Redis and a real SMTP sink."""

import time

import pytest
from django.utils import timezone

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.sending import send_batch
from releases.distribution_hooks import release_public_url


def wait_done(dist, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        dist.refresh_from_db()
        if dist.status == Distribution.Status.COMPLETED:
            return dist
        time.sleep(0.1)
    raise AssertionError(
        f"distribution still {dist.status}: {list(dist.deliveries.values('email', 'status'))}"
    )


@pytest.fixture
def fast_retries(settings):
    settings.HUMAS_MAIL_RETRY_BASE_SECONDS = 0.2
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000


def test_release_reaches_each_recipient_once_with_headers(
    celery_worker, smtp_sink, sekretaris, release_factory, journalists, fast_retries, settings
):
    settings.HUMAS_SITE_URL = "https://humas.example.go.id"
    release = release_factory(status="published", embargo_until=timezone.now() + timezone.timedelta(hours=3))
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    services.distribution_start(actor=sekretaris, distribution=dist)
    messages = smtp_sink.wait_for(4)
    wait_done(dist)
    assert sorted(m["to"][0] for m in messages) == sorted(p.email for p in journalists["people"][:4])
    rows = {d.email: d for d in dist.deliveries.all()}
    for item in messages:
        msg = item["message"]
        row = rows[item["to"][0]]
        assert row.status == "sent" and row.smtp_reply.startswith("250") and row.sent_at
        assert msg["Message-ID"] == row.message_id == f"<delivery-{row.pk}.{dist.pk}@humas.example.go.id>"
        assert msg["Subject"].startswith("EMBARGO s.d. ")
        assert msg["List-Unsubscribe"].strip().startswith("<https://humas.example.go.id/berhenti-langganan/")
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert msg["Reply-To"] == "dewi.lestari@humas.example.go.id"
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        name = row.journalist.name
        assert f"Yth. {name}," in text and f"Yth. {name}," in html
        assert "EMBARGO s.d." in html and "berhenti-langganan" in html
        assert release_public_url(release) in text and release_public_url(release).startswith(
            "https://humas.example.go.id/"
        )
        assert "Jembatan ini aman." in html and "Panjang 120 meter" in text


def test_4xx_retried_5xx_failed_and_reply_kept(
    celery_worker, smtp_sink, sekretaris, release_factory, journalists, fast_retries
):
    people = journalists["people"]
    smtp_sink.reject[people[2].email] = "550 5.1.1 Mailbox tidak ada"
    state = {"n": 0}
    original = smtp_sink.handle_RCPT

    async def flaky(server, session, envelope, address, rcpt_options):
        if address == people[0].email and state["n"] < 2:
            state["n"] += 1
            return "451 4.7.1 Coba lagi nanti"
        return await original(server, session, envelope, address, rcpt_options)

    smtp_sink.handle_RCPT = flaky
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    wait_done(dist)
    rows = {d.journalist_id: d for d in dist.deliveries.all()}
    assert rows[people[0].pk].status == "sent" and rows[people[0].pk].attempts == 3
    assert rows[people[2].pk].status == "failed"
    assert rows[people[2].pk].smtp_reply.startswith("550 5.1.1 Mailbox tidak ada")
    assert rows[people[2].pk].attempts == 1
    assert sorted(m["to"][0] for m in smtp_sink.messages) == sorted(
        [people[0].email, people[1].email, people[3].email]
    )


@pytest.mark.django_db
def test_opt_out_after_start_is_honoured_at_claim_time(
    smtp_sink, sekretaris, release_factory, journalists, fast_retries
):
    people = journalists["people"]
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)  # tasks would go on commit; none here
    people[1].do_not_contact = True
    people[1].save()
    people[3].erased_at = timezone.now()
    people[3].save()
    ids = list(dist.deliveries.values_list("pk", flat=True))
    assert send_batch(distribution_id=dist.pk, delivery_ids=ids) == {}
    rows = {d.journalist_id: d for d in dist.deliveries.all()}
    assert (rows[people[1].pk].status, rows[people[1].pk].skip_reason) == ("skipped", "opted_out")
    assert (rows[people[3].pk].status, rows[people[3].pk].skip_reason) == ("skipped", "erased")
    assert sorted(m["to"][0] for m in smtp_sink.messages) == sorted([people[0].email, people[2].email])
    # Running the same batch again sends nothing more: rows are claimed only from `queued`.
    send_batch(distribution_id=dist.pk, delivery_ids=ids)
    assert len(smtp_sink.messages) == 2


@pytest.mark.django_db
def test_domain_cap_puts_rows_back_for_later(smtp_sink, sekretaris, release_factory, journalists, settings):
    settings.HUMAS_MAIL_PER_DOMAIN_PER_MINUTE = 1
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    people = journalists["people"]
    # Everyone at one domain.
    for p in people[:4]:
        p.email = p.email.split("@")[0] + "@satu-domain.example.id"
        p.save()
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    ids = list(dist.deliveries.values_list("pk", flat=True))
    later = send_batch(distribution_id=dist.pk, delivery_ids=ids)
    assert len(smtp_sink.messages) <= 1
    assert sum(len(v) for v in later.values()) == 4 - len(smtp_sink.messages)
    waiting = dist.deliveries.filter(status="queued")
    assert waiting.count() == 4 - len(smtp_sink.messages)
    assert all(d.next_attempt_at and d.attempts == 0 for d in waiting)


@pytest.mark.django_db
def test_pause_resume_cancel_and_stuck_sweep(
    smtp_sink, sekretaris, release_factory, journalists, django_capture_on_commit_callbacks
):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    services.distribution_pause(actor=sekretaris, distribution=dist)
    ids = list(dist.deliveries.values_list("pk", flat=True))
    send_batch(distribution_id=dist.pk, delivery_ids=ids)
    assert smtp_sink.messages == [] and dist.deliveries.filter(status="queued").count() == 4
    # A row left in `sending` by a dead worker goes back to the queue once it is old enough.
    Delivery.objects.filter(pk=ids[0]).update(
        status="sending", claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.distribution_resume(actor=sekretaris, distribution=dist)
    assert dist.status == "sending" and len(callbacks) == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stuck, lost = services.deliveries_requeue_stuck()
    assert (stuck, lost) == (1, 0) and len(callbacks) == 1
    assert Delivery.objects.get(pk=ids[0]).status == "queued"
    services.distribution_cancel(actor=sekretaris, distribution=dist)
    assert set(dist.deliveries.values_list("status", "skip_reason")) == {("skipped", "cancelled")}


@pytest.mark.django_db
def test_scheduled_distribution_is_started_by_the_sweep(sekretaris, release_factory, journalists):
    when = timezone.now() + timezone.timedelta(minutes=30)
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"], scheduled_at=when
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    assert dist.status == "scheduled" and not dist.deliveries.exists()
    assert services.distributions_start_due() == 0
    assert services.distributions_start_due(now=when + timezone.timedelta(seconds=1)) == 1
    dist.refresh_from_db()
    assert dist.status == "sending" and dist.deliveries.count() == 4


def test_send_test_mail(celery_worker, smtp_sink, sekretaris, release_factory, journalists):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_send_test(actor=sekretaris, distribution=dist, to_email="saya@example.go.id")
    (item,) = smtp_sink.wait_for(1)
    assert item["to"] == ["saya@example.go.id"]
    assert item["message"]["Subject"].startswith("[UJI] ")
    assert "Yth. Sekretaris Uji," in item["message"].get_body(("plain",)).get_content()
    assert not Delivery.objects.exists()


def test_smtp_data_stuffs_leading_dots_and_runs_the_waiting_hook(smtp_sink):
    """The send loop writes DATA itself (to render the next mail while the server answers): a
    line starting with a dot must still arrive intact, and the hook runs after the body left."""
    from distribution.sending import SmtpConnection

    body = "Baris biasa.\r\n.baris diawali titik\r\n..dua titik\r\n.\r\nakhir"
    data = (
        "From: humas@example.go.id\r\nTo: a@media.example.id\r\nSubject: Titik\r\n"
        "Message-ID: <titik@example.go.id>\r\n\r\n" + body
    ).encode()
    calls = []
    smtp = SmtpConnection()
    try:
        reply = smtp.send(
            "humas@example.go.id", "a@media.example.id", data, while_waiting=lambda: calls.append(1)
        )
        # A second mail on the same connection: the first one's end-of-data was read correctly.
        smtp.send("humas@example.go.id", "b@media.example.id", data.replace(b"titik@", b"titik2@"))
    finally:
        smtp.close()
    assert reply.startswith("250")
    assert calls == [1]
    received = smtp_sink.wait_for(2)
    assert [m["to"] for m in received] == [["a@media.example.id"], ["b@media.example.id"]]
    assert received[0]["message"].get_content().replace("\r\n", "\n") == body.replace("\r\n", "\n") + "\n"
