"""Staff mail has one path: a Notification row per recipient, sent after commit, and a failure
stays visible on its row."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.models import Notification
from kernel.notifications import notification_deliver_one, notification_requeue_stale, notification_send
from kernel.tasks import notification_deliver

pytestmark = pytest.mark.django_db


def test_rows_are_written_in_the_transaction_and_sent_after_commit(
    kepala, sekretaris, smtp_sink, django_capture_on_commit_callbacks
):
    from kernel.models import OrganisationProfile

    OrganisationProfile.objects.filter(pk=1).update(
        name="Pemkab Contoh", short_name="Humas Contoh", email="humas@contoh.go.id"
    )
    from kernel.services import cache_clear_own_keys

    cache_clear_own_keys()
    with django_capture_on_commit_callbacks() as callbacks:
        rows = notification_send(
            recipients=[kepala, sekretaris, "KEPALA_UJI@example.go.id"],
            subject="Menunggu persetujuan:\r\nBcc: x@evil",
            body="Buka tautan.",
            kind="release.review_request",
            obj=kepala,
        )
    # The same address twice (a user and a typed copy in other case) is one mail.
    assert len(rows) == 2 and len(callbacks) == 1
    assert all(r.status == Notification.Status.QUEUED for r in rows)
    assert "\n" not in rows[0].subject  # no header injection through a subject
    notification_deliver.apply(args=[[r.pk for r in rows]])
    messages = smtp_sink.wait_for(2)
    assert {m["to"][0] for m in messages} == {kepala.email, sekretaris.email}
    assert messages[0]["message"]["From"] == "Humas Contoh <humas@contoh.go.id>"
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


def test_a_refused_recipient_is_marked_failed_with_the_reply(kepala, smtp_sink):
    smtp_sink.reject[kepala.email] = "550 5.1.1 no such user"
    [row] = notification_send(recipients=[kepala], subject="S", body="B", kind="t")
    assert notification_deliver_one(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED and "550" in row.last_error and row.attempts == 1
    # Done rows are never sent again.
    assert notification_deliver_one(row.pk) == "skipped"


def test_a_down_server_is_retried_not_lost(kepala, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    [row] = notification_send(recipients=[kepala], subject="S", body="B", kind="t")
    assert notification_deliver_one(row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == Notification.Status.QUEUED and row.last_error


def test_lost_tasks_are_requeued_but_a_live_send_is_not_doubled(kepala):
    old = timezone.now() - timedelta(hours=1)
    [queued] = notification_send(recipients=[kepala], subject="S", body="B", kind="t")
    [sending] = notification_send(recipients=["x@example.go.id"], subject="S", body="B", kind="t")
    [fresh] = notification_send(recipients=["y@example.go.id"], subject="S", body="B", kind="t")
    Notification.objects.filter(pk=queued.pk).update(created_at=old)
    Notification.objects.filter(pk=sending.pk).update(created_at=old, status="sending", claimed_at=old)
    Notification.objects.filter(pk=fresh.pk).update(status="sending", claimed_at=timezone.now())
    ids = notification_requeue_stale()
    assert set(ids) == {queued.pk, sending.pk}
    fresh.refresh_from_db()
    assert fresh.status == "sending"
