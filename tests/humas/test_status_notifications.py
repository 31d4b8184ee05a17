"""The status page shows staff notifications, so a review request that failed is seen."""

import pytest
from django.urls import reverse

from kernel.models import Notification

pytestmark = pytest.mark.django_db


def _notification(recipient, status, error=""):
    return Notification.objects.create(
        kind="release.review_request",
        recipient=recipient,
        to_address=recipient.email,
        subject=f"Mohon tinjau ({status})",
        body="Ada siaran pers menunggu persetujuan Anda.",
        status=status,
        attempts=3 if status == Notification.Status.FAILED else 1,
        last_error=error,
    )


def test_status_page_shows_notification_counts_and_failed_ones_with_their_error(client, sekretaris, kepala):
    _notification(kepala, Notification.Status.SENT)
    _notification(kepala, Notification.Status.SENT)
    _notification(kepala, Notification.Status.QUEUED)
    _notification(kepala, Notification.Status.FAILED, "SMTPRecipientsRefused: 550 mailbox unavailable")
    client.force_login(sekretaris)
    body = client.get(reverse("staff:system_status")).content.decode()
    assert 'data-testid="status-notifications"' in body
    assert '<th scope="row">Terkirim</th><td>2</td>' in body
    assert '<th scope="row">Antre</th><td>1</td>' in body
    assert "SMTPRecipientsRefused: 550 mailbox unavailable" in body
    assert "Mohon tinjau (failed)" in body and "Mohon tinjau (sent)" not in body


def test_status_page_without_notifications(client, kepala):
    client.force_login(kepala)
    body = client.get(reverse("staff:system_status")).content.decode()
    assert 'data-testid="failed-notification"' not in body
    assert '<th scope="row">Gagal</th><td>0</td>' in body
