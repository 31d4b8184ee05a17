from celery import shared_task
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

BEAT_HEARTBEAT_KEY = "humas:beat:last-run"


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Beat's pulse, so the status page can tell when beat last ran."""
    cache.set(BEAT_HEARTBEAT_KEY, timezone.now().isoformat(), None)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8, ignore_result=True
)
def send_mail_task(*, subject, body, to, html=None, from_email=None, headers=None):
    """Single notification mails (review requests, rejections). Bulk sends use the distribution
    ledger instead. Sent outside any transaction: callers queue it with transaction.on_commit."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=from_email, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
