"""Every write of distribution. The guarantees (DESIGN.md): one Delivery row per recipient is
written before any mail leaves, in the same transaction that moves the distribution to
`sending`; tasks are queued only after that commit; no mail is sent inside a transaction.

Opted-out (do-not-contact) and erased contacts never get a Delivery row when a send starts
(`contacts.selectors.recipients_for` leaves them out; the preview counts them). A contact who
opts out after the start still has a queued row: the worker re-checks at claim time and marks
it `skipped` with the reason.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.selectors import recipients_for
from kernel.access import actor_require
from kernel.audit import audit_record
from kernel.refusal import Refusal

from . import permissions as perms
from .models import Delivery, Distribution, FollowUp
from .registry import builder_for, default_subject, follow_up_subject, source_check
from .selectors import follow_up_recipients, follow_up_root, received_earlier
from .workflows import DISTRIBUTION_WORKFLOW, OPEN_DELIVERY_STATUSES

SEND_PERMISSION = perms.SEND_DISTRIBUTION
BATCH_SIZE = 100
ANALYZE_AFTER_ROWS = 1000
S = Distribution.Status


def _actor_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_actor(actor):
    """A user must hold distribution.send_distribution (Sekretaris Pers, Kepala Humas); code paths
    without a user pass a "system:..." string, which holds every permission."""
    actor_require(actor, SEND_PERMISSION)


def _actor_repr(actor):
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def _batches(ids, size=BATCH_SIZE):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def enqueue_deliveries(distribution_id, delivery_ids, countdown=None):
    """Queue send tasks for these rows (call only after the rows are committed)."""
    from .tasks import send_batch

    for chunk in _batches(list(delivery_ids)):
        options = {"countdown": countdown} if countdown else {}
        send_batch.apply_async(args=[distribution_id, chunk], **options)


def distribution_create(
    *,
    actor,
    source,
    kind="default",
    lists=(),
    segments=(),
    journalists=(),
    subject=None,
    scheduled_at=None,
    skip_received=False,
):
    """A draft distribution; no row is written to the ledger and no mail leaves yet."""
    _check_actor(actor)
    try:
        builder_for(source, kind)
    except LookupError:
        raise Refusal(_("Bahan ini tidak dapat dikirim ke wartawan."), code="no_builder") from None
    source_check(source)
    with transaction.atomic():
        distribution = Distribution.objects.create(
            source_content_type=ContentType.objects.get_for_model(source),
            source_object_id=source.pk,
            kind=kind,
            subject=(subject or default_subject(source))[:300],
            scheduled_at=scheduled_at,
            skip_received=bool(skip_received),
            created_by=_actor_user(actor),
            created_by_repr=_actor_repr(actor)[:200],
        )
        if lists:
            distribution.lists.set(lists)
        if segments:
            distribution.segments.set(segments)
        if journalists:
            distribution.journalists.set(journalists)
        audit_record(
            actor=actor,
            action="distribution.create",
            obj=distribution,
            to_state=distribution.status,
            data={"source": f"{source._meta.label_lower}:{source.pk}", "kind": kind},
        )
    return distribution


def distribution_update(
    *, actor, distribution, lists=None, segments=None, journalists=None, scheduled_at=None
):
    """Change the recipients or the time of a draft."""

    def change(locked):
        if lists is not None:
            locked.lists.set(lists)
        if segments is not None:
            locked.segments.set(segments)
        if journalists is not None:
            locked.journalists.set(journalists)
        locked.scheduled_at = scheduled_at

    return DISTRIBUTION_WORKFLOW.run(
        "update", distribution, actor=actor, change=change, fields=["scheduled_at"]
    )


def _write_ledger(distribution):
    """One Delivery per recipient (unique per distribution and contact), in the caller's
    transaction, written by one INSERT ... SELECT (10,000 rows in well under a second) from
    contacts' one recipient computation, the same the preview counts.
    Returns the ids of the queued rows, in order."""
    from django.db import connection

    if distribution.follow_up_of_id:
        # A follow-up's recipients come from the original's ledger, decided now (at the start),
        # so whoever got the same follow-up meanwhile is left out (selectors.follow_up_recipients).
        recipients = follow_up_recipients(distribution.follow_up_of, distribution.follow_up_kind)
    else:
        recipients = recipients_for(
            lists=list(distribution.lists.all()),
            segments=list(distribution.segments.all()),
            journalists=list(distribution.journalists.all()),
        )
        if distribution.skip_received and distribution.source is not None:
            recipients = recipients.exclude(
                pk__in=received_earlier(
                    distribution.source, recipients.values("pk"), exclude_distribution=distribution
                )
            )
    recipients = recipients.values("pk", "email")
    try:
        sql, params = recipients.query.sql_with_params()
    except EmptyResultSet:
        # Nothing chosen at all (no list, segment or person): no row, the send completes empty.
        return []
    now = timezone.now()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (distribution_id, journalist_id, email, status, skip_reason, attempts,"  # noqa: S608
            " message_id, smtp_reply, queued_at, updated_at)"
            f" SELECT %s, r.id, r.email, 'queued', '', 0, '', '', %s, %s FROM ({sql}) AS r(id, email)"
            " ON CONFLICT DO NOTHING",
            [distribution.pk, now, now, *params],
        )
        if cursor.rowcount >= ANALYZE_AFTER_ROWS:
            # Fresh planner statistics for the rows just written: with stale ones PostgreSQL
            # believes the distribution has almost no queued rows and answers each claim
            # (`id = ANY(...)`) by scanning every queued row of the distribution instead of
            # looking the ids up by primary key (9 ms instead of 0.2 ms per claim at 10,000).
            cursor.execute(f"ANALYZE {table}")
    return list(
        Delivery.objects.filter(distribution=distribution, status=Delivery.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _begin_sending(locked):
    """The `change` of start (and of resuming a distribution paused before it began): the
    ledger is written in the transaction that moves it to `sending`; tasks follow the commit."""
    ids = _write_ledger(locked)
    locked.started_at = timezone.now()
    dist_id = locked.pk
    if ids:
        transaction.on_commit(lambda: enqueue_deliveries(dist_id, ids))
    else:
        transaction.on_commit(lambda: distribution_finalize(distribution_id=dist_id))
    return {"recipients": len(ids)}


def distribution_start(*, actor, distribution):
    """Send now, or at `scheduled_at` when it lies in the future (the beat sweep starts it)."""
    _check_actor(actor)
    if DISTRIBUTION_WORKFLOW.state_of(distribution) == S.DRAFT and distribution.scheduled_at:
        # Decided again on the locked row by the guards: "schedule" only while the time is ahead.
        with transaction.atomic():
            locked = Distribution.objects.select_for_update().get(pk=distribution.pk)
            if locked.status == S.DRAFT and locked.scheduled_at and locked.scheduled_at > timezone.now():
                DISTRIBUTION_WORKFLOW.run(
                    "schedule",
                    locked,
                    actor=actor,
                    data={"scheduled_at": locked.scheduled_at.isoformat()},
                )
                distribution.refresh_from_db()
                return distribution
    DISTRIBUTION_WORKFLOW.run(
        "start", distribution, actor=actor, change=_begin_sending, fields=["started_at"]
    )
    distribution.refresh_from_db()
    return distribution


def distributions_start_due(*, now=None):
    """Beat: start every scheduled distribution whose time has come (also those due while beat
    was down). Returns how many were started. One whose source may no longer be sent (a
    release withdrawn meanwhile) stays scheduled; a person pauses or cancels it."""
    now = now or timezone.now()
    started = 0
    for pk in Distribution.objects.filter(status=S.SCHEDULED, scheduled_at__lte=now).values_list(
        "pk", flat=True
    ):
        try:
            with transaction.atomic():
                locked = Distribution.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                if locked is None or locked.status != S.SCHEDULED:
                    continue
                DISTRIBUTION_WORKFLOW.run(
                    "start", locked, actor="system:beat", change=_begin_sending, fields=["started_at"]
                )
                started += 1
        except Refusal:
            continue
    return started


def distribution_send_test(*, actor, distribution, to_email):
    """One test mail to `to_email`, rendered exactly like the real ones (with the sender's name
    in the greeting), never touching the ledger. It leaves through distribution's own mail
    path (the send_test task renders and sends it like a ledger row: same builder, same
    headers, same SMTP connection settings): a test of the distribution mail, not staff mail."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from .tasks import send_test

    _check_actor(actor)
    try:
        validate_email(to_email)
    except ValidationError:
        raise Refusal(_("Alamat e-mail uji tidak valid."), field="to_email", code="invalid") from None
    if distribution.source is None:
        raise Refusal(_("Bahan yang akan dikirim tidak ditemukan."), code="no_source")
    user = _actor_user(actor)
    name = (user.get_full_name() or user.get_username()) if user else to_email
    with transaction.atomic():
        audit_record(actor=actor, action="distribution.send_test", obj=distribution, data={"to": to_email})
        dist_id = distribution.pk
        transaction.on_commit(lambda: send_test.delay(dist_id, to_email, name))


def distribution_report_export_log(*, actor, distribution, filters=None):
    """Every download of personal data is audited: the delivery report names each recipient."""
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.has_perm(perms.VIEW_DISTRIBUTION)
    ):
        raise Refusal(_("Anda tidak berwenang mengunduh laporan ini."), code="permission")
    audit_record(
        actor=actor,
        action="distribution.report_export",
        obj=distribution,
        data={"format": "csv", "filters": dict(filters or {})},
    )


def distribution_pause(*, actor, distribution):
    """Workers stop taking rows of a paused distribution; queued rows stay queued."""
    _check_actor(actor)
    DISTRIBUTION_WORKFLOW.run("pause", distribution, actor=actor)
    distribution.refresh_from_db()
    return distribution


def _requeue_open(locked):
    """The `change` of resume: the queued rows get new tasks after the commit."""
    if locked.started_at is None:
        # Paused before it began and now due: the send begins here.
        return _begin_sending(locked)
    now = timezone.now()
    queued = Delivery.objects.filter(distribution=locked, status=Delivery.Status.QUEUED)
    queued.update(queued_at=now)
    ids = list(queued.order_by("pk").values_list("pk", flat=True))
    dist_id = locked.pk
    transaction.on_commit(lambda: enqueue_deliveries(dist_id, ids))
    transaction.on_commit(lambda: distribution_finalize(distribution_id=dist_id))
    return None


def distribution_resume(*, actor, distribution):
    """Back to sending; one paused before its scheduled time goes back to the schedule."""
    _check_actor(actor)
    with transaction.atomic():
        locked = Distribution.objects.select_for_update().get(pk=distribution.pk)
        if DISTRIBUTION_WORKFLOW.refusal_for("resume_schedule", locked, actor) is None:
            DISTRIBUTION_WORKFLOW.run("resume_schedule", locked, actor=actor)
        else:
            DISTRIBUTION_WORKFLOW.run(
                "resume", locked, actor=actor, change=_requeue_open, fields=["started_at"]
            )
    distribution.refresh_from_db()
    return distribution


def _skip_queued(locked):
    locked.completed_at = timezone.now()
    skipped = Delivery.objects.filter(distribution=locked, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.CANCELLED
    )
    return {"skipped": skipped}


def distribution_cancel(*, actor, distribution):
    """Stops the send: every row still queued becomes skipped (reason: cancelled). A mail that
    a worker is handing to the SMTP server at this moment still completes."""
    _check_actor(actor)
    DISTRIBUTION_WORKFLOW.run(
        "cancel", distribution, actor=actor, change=_skip_queued, fields=["completed_at"]
    )
    distribution.refresh_from_db()
    return distribution


def _completed(locked):
    locked.completed_at = timezone.now()
    return dict(Delivery.objects.filter(distribution=locked).values_list("status").annotate(n=Count("pk")))


def distribution_finalize(*, distribution_id):
    """Mark a sending distribution completed once no row is queued or in flight."""
    open_rows = Delivery.objects.filter(distribution_id=distribution_id, status__in=OPEN_DELIVERY_STATUSES)
    if open_rows.exists():
        return False
    with transaction.atomic():
        # skip_locked: several workers finishing their last batches at once; one completes it.
        locked = (
            Distribution.objects.select_for_update(skip_locked=True)
            .filter(pk=distribution_id, status=S.SENDING)
            .first()
        )
        if locked is None or DISTRIBUTION_WORKFLOW.refusal_for("complete", locked, "system:distribution"):
            return False
        DISTRIBUTION_WORKFLOW.run(
            "complete", locked, actor="system:distribution", change=_completed, fields=["completed_at"]
        )
    return True


def distributions_finalize():
    """Beat: complete every sending distribution with nothing left to do."""
    done = 0
    for pk in Distribution.objects.filter(status=S.SENDING).values_list("pk", flat=True):
        done += bool(distribution_finalize(distribution_id=pk))
    return done


def stuck_after():
    return timedelta(seconds=int(getattr(settings, "HUMAS_MAIL_STUCK_AFTER_SECONDS", 600)))


def deliveries_requeue_stuck(*, older_than=None):
    """Beat: rows left in `sending` by a worker that died (its lease ran out) go back to `queued`;
    queued rows whose task was lost (e.g. Redis restarted without persistence) get a new task.
    A row that may already have reached the SMTP server before its worker died will be sent
    again, under the same Message-ID: at-least-once, never lost."""
    older_than = older_than if older_than is not None else stuck_after()
    now = timezone.now()
    cutoff = now - older_than
    active = Q(distribution__status=Distribution.Status.SENDING)
    by_distribution = {}
    with transaction.atomic():
        stuck = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(active, status=Delivery.Status.SENDING)
            # Only a lease that ran out: a living worker renews the lease of every row it holds
            # (sending.LeaseKeeper), however slow the relay. Rows claimed before leases existed
            # fall back to the claim time.
            .filter(Q(lease_until__lt=now) | Q(lease_until__isnull=True, claimed_at__lt=cutoff))
            .values_list("pk", "distribution_id")
        )
        if stuck:
            Delivery.objects.filter(pk__in=[pk for pk, _d in stuck], status=Delivery.Status.SENDING).update(
                status=Delivery.Status.QUEUED, queued_at=now, next_attempt_at=None
            )
        lost = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(active, status=Delivery.Status.QUEUED, queued_at__lt=cutoff)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .values_list("pk", "distribution_id")
        )
        if lost:
            Delivery.objects.filter(pk__in=[pk for pk, _d in lost]).update(queued_at=now)
        for pk, dist_id in stuck + lost:
            by_distribution.setdefault(dist_id, []).append(pk)

        def _enqueue():
            for dist_id, ids in by_distribution.items():
                enqueue_deliveries(dist_id, sorted(ids))

        transaction.on_commit(_enqueue)
        if stuck:
            audit_record(
                actor="system:beat",
                action="distribution.requeue_stuck",
                data={"sending": len(stuck), "queued": len(lost)},
            )
    return len(stuck), len(lost)


UNFINISHED = (S.DRAFT, S.SCHEDULED, S.SENDING, S.PAUSED)


def distribution_follow_up_create(*, original, kind, actor):
    """A draft follow-up of a send: `correction` (the corrected source to everyone who received
    the original, once per recipient), `resend` (the original again to those whose delivery
    failed temporarily, never to someone it reached) or `embargo` (notice that the embargo or
    schedule changed, to those who received it). Sent by the original's builder, which is told
    the kind. Its recipients are counted here and fixed when it starts (de-duplicated against
    what each already got, opt-outs honoured); it is reviewed and started like any draft."""
    _check_actor(actor)
    if kind not in FollowUp.values:
        raise Refusal(_("Jenis tindak lanjut tidak dikenal."), field="kind", code="invalid")
    original = follow_up_root(original)
    if original.started_at is None:
        raise Refusal(_("Distribusi ini belum dikirim."), code="not_sent")
    source = original.source
    if source is None:
        raise Refusal(_("Bahan yang akan dikirim tidak ditemukan."), code="no_source")
    source_check(source)
    with transaction.atomic():
        # One follow-up of a kind at a time per original: two drafts would both count the same
        # people. The lock on the original serialises two people pressing the button at once.
        locked = Distribution.objects.select_for_update().get(pk=original.pk)
        if Distribution.objects.filter(
            follow_up_of=locked, follow_up_kind=kind, status__in=UNFINISHED
        ).exists():
            raise Refusal(
                _("Tindak lanjut jenis ini sudah ada dan belum selesai; buka dan kirim yang itu."),
                code="open_follow_up",
            )
        count = follow_up_recipients(locked, kind).count()
        if not count:
            raise Refusal(_("Tidak ada penerima untuk tindak lanjut ini."), code="no_recipients")
        dist = Distribution.objects.create(
            source_content_type=locked.source_content_type,
            source_object_id=locked.source_object_id,
            kind=locked.kind,
            subject=follow_up_subject(kind, default_subject(source))[:300],
            follow_up_of=locked,
            follow_up_kind=kind,
            created_by=_actor_user(actor),
            created_by_repr=_actor_repr(actor)[:200],
        )
        audit_record(
            actor=actor,
            action="distribution.follow_up_create",
            obj=dist,
            to_state=dist.status,
            data={"original": locked.pk, "kind": kind, "recipients": count},
        )
    return dist
