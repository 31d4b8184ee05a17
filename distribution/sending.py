"""The send loop run by the batch task. Per row: claim with a conditional UPDATE (only a
`queued` row whose journalist is still contactable), render, hand to the SMTP server over one
reused connection, record the outcome with another conditional UPDATE. No transaction is open
while a mail is on the wire (autocommit statements only).

Replies: 2xx -> sent (reply kept); 4xx, a timeout or a dropped connection -> back to queued
with exponential backoff (failed once HUMAS_MAIL_MAX_ATTEMPTS is reached); 5xx -> failed for
good, reply kept.

The ledger statements of the loop run with `synchronous_commit = off` for this session only:
a commit then returns before PostgreSQL has flushed its WAL (it does so within ~200 ms). This
halves the per-message cost on a busy disk and changes nothing when a *worker* dies (the
server already holds the commit); if the *database server* crashes, the last fraction of a
second of ledger updates can be lost, and every such loss moves a row back to an earlier
state (sent -> sending/queued), which the stuck-row sweep sends again: a possible duplicate,
never a lost recipient.
"""

import contextlib
import functools
import logging
import re
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from contacts.models import Journalist
from kernel.dkim import dkim_sign

from .engagement import ClickLinks
from .mail import MailHeaderRefused, envelope_sender, message_bytes, sender_address, site_host
from .models import Delivery, Distribution
from .registry import build_mail, builder_for
from .throttle import DomainGate, RateGate

log = logging.getLogger(__name__)


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

    def send(self, from_addr, to_addr, data, before_data=None, while_waiting=None):
        """Returns the server's final reply; raises Transient/PermanentSmtpError.
        `before_data` is called right before the DATA command, the first step after which the
        server may hold the mail (the send loop waits there for the previous mail's `sent`).
        `while_waiting` is called once the message is on the wire, while the server reads and
        answers it (the send loop renders the next mail there instead of idling)."""
        try:
            conn = self.open()
            # Plain addresses (validated on save): the commands are written directly instead of
            # through smtplib's quoteaddr(), whose RFC 2822 parser costs more CPU per mail than
            # the rest of the SMTP client.
            code, resp = _command(conn, "mail", from_addr)
            if code != 250:
                self._fail(code, resp)
            code, resp = _command(conn, "rcpt", to_addr)
            if code not in (250, 251):
                self._fail(code, resp)
            if before_data is not None:
                before_data()
            code, resp = _data(conn, data, while_waiting)
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


_PLAIN_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"\\]+@[^\s<>()\[\],;:\"\\@]+")


def _command(conn, verb, address):
    if not address.isascii() or not _PLAIN_ADDRESS.fullmatch(address):
        return conn.mail(address) if verb == "mail" else conn.rcpt(address)
    conn.putcmd(verb, f"{'FROM' if verb == 'mail' else 'TO'}:<{address}>")
    return conn.getreply()


def _data(conn, data, while_waiting=None):
    """smtplib's DATA (354, dot-stuffed body, final reply), with `while_waiting` run between
    sending the body and reading the reply. The dot-stuffing regex runs only when a line can
    start with a dot (never in the base64 bodies of the send loop, always in headers it checks)."""
    conn.putcmd("data")
    code, resp = conn.getreply()
    if code != 354:
        return code, resp
    if data.startswith(b".") or b"\n." in data:
        data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    conn.send(data + b".\r\n")
    if while_waiting is not None:
        while_waiting()
    return conn.getreply()


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


# Rows are claimed a few at a time (one statement per 25), each is marked sent the moment the server
# accepted it. A worker that dies leaves at most CLAIM_CHUNK rows in `sending`, none of them
# sent except possibly the one on the wire; the sweep re-queues them.
CLAIM_CHUNK = 25

_CLAIM_SQL = """
UPDATE distribution_delivery AS d
   SET status = 'sending', claimed_at = %s, attempts = d.attempts + 1, next_attempt_at = NULL,
       updated_at = %s, lease_until = %s,
       message_id = '<delivery-' || d.id || '.' || d.distribution_id || '@' || %s || '>'
  FROM contacts_journalist AS j
 WHERE d.id = ANY(%s) AND d.status = 'queued'
   AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= %s)
   AND j.id = d.journalist_id AND NOT j.do_not_contact AND j.erased_at IS NULL
   AND EXISTS (SELECT 1 FROM distribution_distribution AS x WHERE x.id = d.distribution_id AND x.status = 'sending')
RETURNING d.id, d.message_id
"""


def _claim(pks):
    """The claim: one conditional UPDATE (autocommit). Only queued rows whose journalist is
    still contactable are taken, so two workers never both send a row and an opt-out made after
    the start still stops the mail. The Message-ID is deterministic per row: a resend after a crash
    carries the same one, so the receiver (and our tests) can tell a duplicate from a second mail.
    Returns {id: message_id} of the rows now ours."""
    from django.db import connection

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL, [now, now, now + timedelta(seconds=lease_seconds()), site_host(), list(pks), now]
        )
        return dict(cursor.fetchall())


def lease_seconds():
    """How long a claim holds without a sign of life from its worker: the stuck-row threshold
    (HUMAS_MAIL_STUCK_AFTER_SECONDS). The worker renews it every quarter of that, so only a
    worker that died (or lost its database) lets it run out."""
    return max(1.0, float(getattr(settings, "HUMAS_MAIL_STUCK_AFTER_SECONDS", 600)))


_RENEW_SQL = (
    "UPDATE distribution_delivery SET lease_until = now() + %s * interval '1 second'"
    " WHERE id = ANY(%s) AND status = 'sending'"
)


class LeaseKeeper:
    """The heartbeat of a batch: a thread that renews the lease of the rows this worker holds
    (claimed, not yet recorded) every quarter of the lease, on its own database connection, so
    the renewal goes on while the send loop waits on a slow SMTP server (one message may take up
    to several EMAIL_TIMEOUTs). The thread dies with the worker process: a killed worker's rows
    come back after one lease, a living worker's never. A renewal that fails (database away) is
    retried at the next beat; if the lease runs out meanwhile the row may be sent twice, never
    lost, as before."""

    def __init__(self):
        from django.db import connection

        self.held = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = None
        # Inside a transaction (tests that call the loop directly) another connection would not
        # see the rows: no heartbeat there (nor any sweep to race with).
        self.enabled = not connection.in_atomic_block

    def hold(self, pks):
        with self.lock:
            self.held.update(pks)
        if self.enabled and self.thread is None:
            self.thread = threading.Thread(target=self._run, name="humas-mail-lease", daemon=True)
            self.thread.start()

    def release(self, pk):
        with self.lock:
            self.held.discard(pk)

    def _run(self):
        from django.db import connection

        lease = lease_seconds()
        interval = lease / 4
        try:
            while not self.stop.wait(interval):
                with self.lock:
                    pks = list(self.held)
                if not pks:
                    continue
                try:
                    with connection.cursor() as cursor:
                        cursor.execute(_RENEW_SQL, [lease, pks])
                except Exception:  # noqa: BLE001 - try again at the next beat
                    log.warning("distribution: lease renewal failed", exc_info=True)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection (Django opens one per thread)

    def close(self):
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=10)


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
    follow_up = distribution.follow_up_kind
    # Links in the HTML part become signed redirects counted per link (and per recipient only
    # where the office turned that on: organisation profile).
    links = ClickLinks.for_distribution(distribution)
    from_email = sender_address()
    envelope_from = envelope_sender(from_email)
    later = {}
    # The domain cap, reserved for the whole batch in one Redis round trip.
    allowed, wait = DomainGate().reserve([email.rpartition("@")[2] for _pk, _j, email in rows])
    deferred = [pk for (pk, _j, _e), ok in zip(rows, allowed, strict=True) if not ok]
    if deferred:
        now = timezone.now()
        Delivery.objects.filter(pk__in=deferred, status=Delivery.Status.QUEUED).update(
            next_attempt_at=now + timedelta(seconds=wait), queued_at=now
        )
        later[int(wait) + 1] = deferred
        rows = [row for row, ok in zip(rows, allowed, strict=True) if ok]
    rate = RateGate()
    smtp = SmtpConnection()
    marks = SentMarks()
    lease = LeaseKeeper()
    claimed = {}
    tried = set()
    # pk -> wire bytes (or the exception that stopped the rendering) of the next mail, rendered
    # while the server was still answering the previous one.
    rendered = {}

    def render(pk, journalist_id, email, message_id):
        delivery = Delivery(
            pk=pk,
            distribution_id=distribution_id,
            journalist_id=journalist_id,
            email=email,
            message_id=message_id,
        )
        journalist = journalists[journalist_id]
        try:
            mail = build_mail(builder, source, journalist, delivery, follow_up=follow_up)
            if links is not None:
                mail.html = links.rewrite(mail.html, delivery_id=pk)
            return dkim_sign(
                message_bytes(
                    mail, to_email=email, journalist=journalist, message_id=message_id, from_email=from_email
                )
            )
        except Exception as exc:  # noqa: BLE001 - a broken template must fail the row, not loop
            log.exception("distribution: rendering delivery %s failed", pk)
            return exc

    def render_next(index):
        # Only a row already claimed: rendering has no side effect, claiming ahead would.
        for pk, journalist_id, email in rows[index + 1 : index + 2]:
            if pk in claimed and pk not in rendered:
                rendered[pk] = render(pk, journalist_id, email, claimed[pk])

    _async_commit(True)
    try:
        for index, (pk, journalist_id, email) in enumerate(rows):
            if pk not in tried:
                chunk = [row[0] for row in rows[index : index + CLAIM_CHUNK]]
                tried.update(chunk)
                got = _claim(chunk)
                claimed.update(got)
                lease.hold(got)
                if len(got) < len(chunk):
                    # Paused or cancelled (the claim takes rows of a sending distribution only):
                    # stop; the rest stays queued, or was skipped by the cancel.
                    if not Distribution.objects.filter(
                        pk=distribution_id, status=Distribution.Status.SENDING
                    ).exists():
                        break
                    for other in chunk:
                        if other not in got:
                            _skip_uncontactable(other)
            if pk not in claimed:
                continue
            message_id = claimed.pop(pk)
            data = rendered.pop(pk, None)
            if data is None:
                data = render(pk, journalist_id, email, message_id)
            if isinstance(data, MailHeaderRefused):
                # Permanent: sending again would build the same forged header.
                _record_failure(pk, f"not sent: {data}")
                lease.release(pk)
                continue
            if isinstance(data, Exception):
                _record_failure(pk, f"render: {type(data).__name__}: {data}")
                lease.release(pk)
                continue
            rate.acquire()
            try:
                reply = smtp.send(
                    envelope_from,
                    email,
                    data,
                    before_data=marks.wait,
                    while_waiting=functools.partial(render_next, index),
                )
            except PermanentSmtpError as exc:
                _record_failure(pk, exc.reply)
            except TransientSmtpError as exc:
                delay = _record_retry(pk, exc.reply)
                if delay is not None:
                    later.setdefault(int(delay) + 1, []).append(pk)
            else:
                marks.submit(pk, reply)
            # A sent row leaves the renewal by its status; a retried one must leave it here
            # (another worker may claim it again later).
            lease.release(pk)
    finally:
        marks.wait()
        marks.release()
        smtp.close()
        lease.close()
        if claimed:
            # Claimed ahead but never handed to the server (an error, a pause or a cancel stopped
            # the loop): back to the queue, or skipped when the distribution was cancelled.
            ours = Delivery.objects.filter(pk__in=list(claimed), status=Delivery.Status.SENDING)
            if Distribution.objects.filter(pk=distribution_id, status=Distribution.Status.CANCELLED).exists():
                ours.update(status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.CANCELLED)
            else:
                ours.update(status=Delivery.Status.QUEUED, queued_at=timezone.now())
        _async_commit(False)
    return later


_SENT_SQL = (
    "UPDATE distribution_delivery SET status = 'sent', sent_at = now(), updated_at = now(), smtp_reply = %s"
    " WHERE id = %s AND status = 'sending'"
)


class SentMarks:
    """Writes each `sent` mark the moment the server accepted the mail, without making the next
    mail wait for the database: the UPDATE goes out on a second, non-blocking connection
    (psycopg2 async mode) and the loop starts the next SMTP transaction (MAIL, RCPT) while
    PostgreSQL commits it. Before the next DATA (`wait`, the only step after which the server
    may hold another mail) and before the batch ends, the mark must have committed.

    So at any moment at most one accepted mail is not yet recorded, exactly as with a blocking
    UPDATE after each 250, and that window is still one database round trip from the 250: the
    statement is already on its way to the server when the loop moves on, and an autocommit
    statement the server has received commits even if the worker dies meanwhile. When the
    second connection cannot be used, the mark is written on the ordinary connection instead
    (the UPDATE is conditional on `sending`, so writing it twice is harmless)."""

    # One per worker thread (a threads pool runs several batches at once; an async connection
    # serves one statement at a time), reused by every batch of that thread.
    _local = threading.local()

    def __init__(self):
        from django.db import connection

        self.pending = None  # (pk, reply) on the wire
        # Inside a transaction (tests that call the loop directly) the rows are not visible to
        # another connection: write the marks in that transaction.
        self.direct = connection.in_atomic_block

    @classmethod
    def _connection(cls):
        import psycopg2
        from django.db import connection

        conn = getattr(cls._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        params = dict(connection.get_connection_params())
        params.pop("cursor_factory", None)
        conn = psycopg2.connect(**params, async_=True)
        _poll(conn)
        with conn.cursor() as cursor:
            # Parsed and planned once per connection, not once per mail.
            cursor.execute(
                f"SET synchronous_commit TO off; PREPARE humas_mark_sent(text, bigint) AS {_SENT_SQL_PREPARED}"
            )
            _poll(conn)
        cls._local.conn = conn
        return conn

    def submit(self, pk, reply):
        self.wait()
        reply = reply[:1000]
        if self.direct:
            _mark_sent(pk, reply)
            return
        try:
            conn = self._connection()
            cursor = conn.cursor()  # must outlive the statement (psycopg2 async mode)
            cursor.execute("EXECUTE humas_mark_sent(%s, %s)", [reply, pk])
            conn.poll()  # flushes the statement to the server
        except Exception:  # noqa: BLE001 - any trouble on the side connection: write it here
            log.warning("distribution: async sent mark failed, writing it directly", exc_info=True)
            self._drop()
            _mark_sent(pk, reply)
            return
        self.pending = (pk, reply, cursor)

    def wait(self):
        if self.pending is None:
            return
        pk, reply, _cursor = self.pending
        self.pending = None
        try:
            _poll(self._local.conn)
        except Exception:  # noqa: BLE001
            log.warning("distribution: async sent mark failed, writing it directly", exc_info=True)
            self._drop()
            _mark_sent(pk, reply)

    def release(self):
        """The side connection is kept for the next batch where the database settings allow
        persistent connections (CONN_MAX_AGE); with 0 (tests, whose in-thread workers must not
        hold the test database open) it is closed after each batch."""
        from django.db import connection

        if not connection.settings_dict.get("CONN_MAX_AGE"):
            self._drop()

    @classmethod
    def _drop(cls):
        conn = getattr(cls._local, "conn", None)
        cls._local.conn = None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


def _poll(conn):
    """Drive a psycopg2 async connection until its current operation is done."""
    import select

    import psycopg2
    from psycopg2 import extensions as ext

    while True:
        state = conn.poll()
        if state == ext.POLL_OK:
            return
        if state == ext.POLL_READ:
            select.select([conn.fileno()], [], [], 30)
        elif state == ext.POLL_WRITE:
            select.select([], [conn.fileno()], [], 30)
        else:
            raise psycopg2.OperationalError(f"bad poll state {state}")


_SENT_SQL_PREPARED = _SENT_SQL.replace("%s", "$1", 1).replace("%s", "$2", 1)


def _mark_sent(pk, reply):
    """Recorded the moment the server accepted the mail (its own autocommit statement): the
    window in which a dead worker leaves a sent mail unrecorded stays one round trip wide."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_SENT_SQL, [reply[:1000], pk])


def _async_commit(on):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if on else "RESET synchronous_commit")


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
