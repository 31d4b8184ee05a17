"""The send loop run by the batch task. Per row: claim with a conditional UPDATE (only a
`queued` row whose journalist is still contactable), render, hand to the SMTP server over one
reused connection, record the outcome with another conditional UPDATE. No transaction is open
while a mail is on the wire (autocommit statements only).

Replies: 2xx -> sent (reply kept); 4xx, a timeout or a dropped connection -> back to queued
with exponential backoff (failed once HUMAS_MAIL_MAX_ATTEMPTS is reached); 5xx -> failed for
good, reply kept.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from contacts.models import Journalist

from .mail import build_message, delivery_message_id, envelope_sender, sender_address
from .models import Delivery, Distribution
from .registry import builder_for
from .throttle import DomainGate, RateGate

log = logging.getLogger(__name__)

# How often (in messages) the loop looks whether the distribution was paused or cancelled.
STATUS_CHECK_EVERY = 25


class TransientSmtpError(Exception):
    def __init__(self, reply):
        super().__init__(reply)
        self.reply = reply


class PermanentSmtpError(Exception):
    def __init__(self, reply):
        super().__init__(reply)
        self.reply = reply


def max_attempts():
    return int(getattr(settings, "HUMAS_MAIL_MAX_ATTEMPTS", 8))


def retry_delay(attempts):
    base = float(getattr(settings, "HUMAS_MAIL_RETRY_BASE_SECONDS", 60))
    return min(base * (2 ** max(0, attempts - 1)), 6 * 3600)


class SmtpConnection:
    """One SMTP session reused for a whole batch; reopened after a dropped connection."""

    def __init__(self):
        self.conn = None

    def open(self):
        if self.conn is not None:
            return self.conn
        cls = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
        conn = cls(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT)
        conn.ehlo_or_helo_if_needed()
        if settings.EMAIL_USE_TLS:
            conn.starttls()
            conn.ehlo()
        if settings.EMAIL_HOST_USER:
            conn.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        self.conn = conn
        return conn

    def close(self, quit=True):
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if quit:
                conn.quit()
            else:
                conn.close()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def send(self, from_addr, to_addr, data):
        """Returns the server's final reply; raises Transient/PermanentSmtpError."""
        try:
            conn = self.open()
            code, resp = conn.mail(from_addr)
            if code != 250:
                self._fail(code, resp)
            code, resp = conn.rcpt(to_addr)
            if code not in (250, 251):
                self._fail(code, resp)
            code, resp = conn.data(data)
            if code != 250:
                self._fail(code, resp)
            return f"{code} {resp.decode(errors='replace')}"
        except smtplib.SMTPDataError as exc:  # refused before the body was sent
            self._fail(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPResponseException as exc:
            self._fail(exc.smtp_code, exc.smtp_error)
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close(quit=False)
            raise TransientSmtpError(f"{type(exc).__name__}: {exc}") from exc

    def _fail(self, code, resp):
        text = resp.decode(errors="replace") if isinstance(resp, bytes) else str(resp)
        reply = f"{code} {text}"
        if code == 421 or code < 0:
            self.close(quit=False)
        else:
            try:
                self.conn.rset()
            except (smtplib.SMTPException, OSError):
                self.close(quit=False)
        if 500 <= code < 600:
            raise PermanentSmtpError(reply)
        raise TransientSmtpError(reply)


def _claimable(pk):
    now = timezone.now()
    return Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=pk,
        status=Delivery.Status.QUEUED,
    )


def _skip_uncontactable(delivery_id):
    """The row could not be claimed: if its journalist opted out or was erased since the start,
    mark it skipped (still conditional: another worker may hold it)."""
    row = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED)
        .values("journalist__do_not_contact", "journalist__erased_at")
        .first()
    )
    if row is None:
        return
    if row["journalist__erased_at"] is not None:
        reason = Delivery.SkipReason.ERASED
    elif row["journalist__do_not_contact"]:
        reason = Delivery.SkipReason.OPTED_OUT
    else:
        return  # a retry not yet due, or taken by another worker
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, skip_reason=reason
    )


def send_batch(*, distribution_id, delivery_ids):
    """Send these rows. Returns {delay_seconds: [ids]} of rows put back for later (retries and
    the domain cap) so the task can queue them with a countdown."""
    distribution = Distribution.objects.filter(pk=distribution_id).first()
    if distribution is None or distribution.status != Distribution.Status.SENDING:
        return {}
    source = distribution.source
    builder = builder_for(source, distribution.kind)
    rows = list(
        Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", "journalist_id", "email")
    )
    if not rows:
        return {}
    journalists = Journalist.objects.in_bulk([j for _pk, j, _e in rows])
    from_email = sender_address()
    envelope_from = envelope_sender(from_email)
    rate = RateGate()
    domains = DomainGate()
    smtp = SmtpConnection()
    later = {}
    try:
        for index, (pk, journalist_id, email) in enumerate(rows):
            if index and index % STATUS_CHECK_EVERY == 0:
                status = (
                    Distribution.objects.filter(pk=distribution_id).values_list("status", flat=True).first()
                )
                if status != Distribution.Status.SENDING:
                    break  # paused or cancelled: the rest stays queued (or was skipped by cancel)
            domain = email.rpartition("@")[2]
            wait = domains.allow(domain)
            if wait is not True:
                if _claimable(pk).update(
                    next_attempt_at=timezone.now() + timedelta(seconds=wait), queued_at=timezone.now()
                ):
                    later.setdefault(int(wait) + 1, []).append(pk)
                continue
            rate.acquire()
            delivery = Delivery(
                pk=pk, distribution_id=distribution_id, journalist_id=journalist_id, email=email
            )
            message_id = delivery_message_id(delivery)
            now = timezone.now()
            claimed = (
                _claimable(pk)
                .filter(journalist__do_not_contact=False, journalist__erased_at__isnull=True)
                .update(
                    status=Delivery.Status.SENDING,
                    claimed_at=now,
                    attempts=F("attempts") + 1,
                    message_id=message_id,
                    next_attempt_at=None,
                )
            )
            if not claimed:
                _skip_uncontactable(pk)
                continue
            journalist = journalists[journalist_id]
            try:
                mail = builder(source, journalist, delivery)
                data = (
                    build_message(
                        mail,
                        to_email=email,
                        journalist=journalist,
                        message_id=message_id,
                        from_email=from_email,
                    )
                    .message()
                    .as_bytes(linesep="\r\n")
                )
            except Exception as exc:  # noqa: BLE001 - a broken template must fail the row, not loop
                log.exception("distribution: rendering delivery %s failed", pk)
                _record_failure(pk, f"render: {type(exc).__name__}: {exc}")
                continue
            try:
                reply = smtp.send(envelope_from, email, data)
            except PermanentSmtpError as exc:
                _record_failure(pk, exc.reply)
            except TransientSmtpError as exc:
                delay = _record_retry(pk, exc.reply)
                if delay is not None:
                    later.setdefault(int(delay) + 1, []).append(pk)
            else:
                Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(
                    status=Delivery.Status.SENT, sent_at=timezone.now(), smtp_reply=reply[:1000]
                )
    finally:
        smtp.close()
    return later


def _record_failure(pk, reply):
    Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED, smtp_reply=str(reply)[:1000]
    )


def _record_retry(pk, reply):
    """Back to queued with backoff, or failed when the attempts are used up. Returns the delay."""
    attempts = Delivery.objects.filter(pk=pk).values_list("attempts", flat=True).first() or 0
    if attempts >= max_attempts():
        _record_failure(pk, reply)
        return None
    delay = retry_delay(attempts)
    now = timezone.now()
    Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED,
        smtp_reply=str(reply)[:1000],
        next_attempt_at=now + timedelta(seconds=delay),
        queued_at=now,
    )
    return delay
