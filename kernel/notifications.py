"""Mail to staff, one path for all of it: `notification_send` writes one Notification row per
recipient inside the caller's transaction and queues the delivery after commit; the `mail`
queue sends each row at most once at a time (claimed by a conditional UPDATE), retries
temporary failures with backoff and marks the rest failed with the server's answer. Beat
re-queues rows whose task was lost (a worker killed, Redis restarted)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Notification

MAX_ATTEMPTS = 6
STALE_AFTER = timedelta(minutes=10)


def notification_send(*, recipients, subject, body, kind, obj=None):
    """Queue one mail per recipient (users without an address are skipped; an address may be
    given as a string). Returns the rows written. Call inside the service's transaction."""
    from .text import plain_line

    rows, seen = [], set()
    content_type = (
        ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
    )
    for recipient in recipients:
        user = None if isinstance(recipient, str) else recipient
        address = (recipient if user is None else (user.email or "")).strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        rows.append(
            Notification(
                kind=kind,
                recipient=user,
                to_address=address,
                subject=plain_line(subject)[:300],
                body=body,
                content_type=content_type,
                object_id=str(obj.pk) if obj is not None else "",
            )
        )
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]

    def queue():
        from .tasks import notification_deliver

        notification_deliver.delay(ids)

    transaction.on_commit(queue)
    return rows


def notification_claim(pk, *, now=None):
    """Take one row for sending; False when another worker has it or it is done."""
    now = now or timezone.now()
    claimed = Notification.objects.filter(pk=pk, status=Notification.Status.QUEUED).update(
        status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def notification_deliver_one(pk, *, connection=None):
    """Send row `pk` if it can be claimed. Returns "sent", "retry", "failed" or "skipped".
    Never inside a transaction: the mail leaves between two short UPDATEs."""
    from django.core.mail import get_connection as mail_connection

    from .dkim import SignedEmailMessage

    if not notification_claim(pk):
        return "skipped"
    row = Notification.objects.get(pk=pk)
    message = SignedEmailMessage(
        subject=row.subject,
        body=row.body,
        from_email=notification_sender(),
        to=[row.to_address],
        connection=connection or mail_connection(),
    )
    try:
        message.send()
    except Exception as exc:  # any SMTP or network failure: recorded on the row, never lost
        permanent = _is_permanent(exc) or row.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=pk).update(
            status=Notification.Status.FAILED if permanent else Notification.Status.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        return "failed" if permanent else "retry"
    Notification.objects.filter(pk=pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _is_permanent(exc):
    import smtplib

    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _msg in exc.recipients.values()]
        code = codes[0] if codes else None
    return isinstance(code, int) and 500 <= code < 600


def system_sender():
    """The From of every mail the system sends (staff notifications and distributions): the
    organisation profile's (short) name and e-mail. DEFAULT_FROM_EMAIL is only the fallback address for
    an office that has not filled its e-mail in yet, still under the office's own name, so no
    mail leaves as "Humas <humas@localhost>" (settings derive the fallback from the DKIM domain or
    the site's host name). With DKIM the
    address's domain should be HUMAS_DKIM_DOMAIN (or below it) for DMARC alignment."""
    from email.utils import formataddr, parseaddr

    from .selectors import organisation_profile_get

    profile = organisation_profile_get()
    fallback_name, fallback_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = (profile.email if profile is not None else "") or fallback_address
    # The short name ("Humas Pemkab Contoh") where the office gave one: what a mail list shows.
    name = (profile.short_name or profile.name if profile is not None else "") or fallback_name
    return formataddr((name, address)) if name else address


def notification_sender():
    """System mail comes from the office itself (the organisation profile), not from a
    placeholder address."""
    return system_sender()


def notification_requeue_stale(*, now=None):
    """Rows whose task was lost: queued or sending for longer than STALE_AFTER go back to the
    queue (sending ones only after that long, so a live slow send is not doubled)."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=cutoff).update(
        status=Notification.Status.QUEUED
    )
    return list(
        Notification.objects.filter(status=Notification.Status.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
