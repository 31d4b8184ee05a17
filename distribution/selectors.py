"""Reads of distribution: lists, counts, the recipient preview and the report."""

import time

from django.db.models import Count, Q
from django.http import Http404

from contacts.selectors import recipients_preview

from .models import Delivery, Distribution, FollowUp


def distribution_recipients_preview(*, lists=(), segments=(), journalists=()):
    """(recipients, left out because opted out / erased, duplicate addresses removed) for a
    choice of lists, segments and named journalists: contacts' one recipient computation,
    the same the ledger is written from (services._write_ledger)."""
    return recipients_preview(lists=lists, segments=segments, journalists=journalists)


def distribution_list():
    return (
        Distribution.objects.select_related("source_content_type", "created_by")
        .annotate(
            n_total=Count("deliveries"),
            n_sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            n_failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        )
        .order_by("-created_at", "-id")
    )


FAILED_RECENT_DAYS = 7


def distributions_needing_attention(*, now=None):
    """Sends running (sending or paused) and sends of the last week with failed deliveries, the
    newest first; the failed count is a subquery so that counting these rows stays one COUNT."""
    from datetime import timedelta

    from django.db.models import Exists, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    now = now or timezone.now()
    S = Distribution.Status
    failed = Delivery.objects.filter(distribution=OuterRef("pk"), status=Delivery.Status.FAILED)
    n_failed = failed.order_by().values("distribution").annotate(n=Count("pk")).values("n")
    return (
        Distribution.objects.filter(
            Q(status__in=[S.SENDING, S.PAUSED])
            | Q(Exists(failed), created_at__gte=now - timedelta(days=FAILED_RECENT_DAYS))
        )
        .annotate(n_failed=Coalesce(Subquery(n_failed, output_field=IntegerField()), 0))
        .order_by("-created_at", "-id")
    )


def distribution_get(pk):
    try:
        return Distribution.objects.select_related("source_content_type", "created_by").get(pk=pk)
    except (Distribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def source_recipient_ids(source):
    """Ids of the journalists a mail about `source` (a release...) was sent to, in any of its
    distributions: for the source's own pages (the embargo room's list of links to revoke)."""
    from django.contrib.contenttypes.models import ContentType

    return (
        Delivery.objects.filter(
            distribution__source_content_type=ContentType.objects.get_for_model(source),
            distribution__source_object_id=source.pk,
            status=Delivery.Status.SENT,
        )
        .values_list("journalist_id", flat=True)
        .distinct()
    )


def distribution_counts(distribution):
    counts = dict(
        Delivery.objects.filter(distribution=distribution)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    result = {status: counts.get(status, 0) for status in Delivery.Status.values}
    result["total"] = sum(counts.values())
    result["done"] = result["sent"] + result["failed"] + result["skipped"]
    return result


def distribution_cancelled_count(distribution):
    """How many mails a cancel stopped (0 unless cancelled): a cancelled send is shown as
    cancelled with what did not go, never as a full "100% selesai"."""
    if distribution.status != Distribution.Status.CANCELLED:
        return 0
    return Delivery.objects.filter(
        distribution=distribution, status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.CANCELLED
    ).count()


def distribution_progress(distribution):
    """Counts per status, percent done, sending rate and the estimated seconds left."""
    counts = distribution_counts(distribution)
    total = counts["total"]
    percent = (
        round(100 * counts["done"] / total) if total else (100 if distribution.status == "completed" else 0)
    )
    rate = None
    eta = None
    if distribution.started_at and counts["done"]:
        end = distribution.completed_at or None
        elapsed = ((end.timestamp() if end else time.time()) - distribution.started_at.timestamp()) or 1
        rate = counts["done"] / max(elapsed, 0.001)
        remaining = total - counts["done"]
        if remaining and distribution.status == Distribution.Status.SENDING:
            eta = int(remaining / rate) if rate else None
    cancelled = 0
    if distribution.status == Distribution.Status.CANCELLED:
        # Shown as cancelled with what did not go, never as a full "100% selesai".
        cancelled = Delivery.objects.filter(
            distribution=distribution,
            status=Delivery.Status.SKIPPED,
            skip_reason=Delivery.SkipReason.CANCELLED,
        ).count()
        eta = None
    return {"counts": counts, "percent": percent, "rate": rate, "eta_seconds": eta, "cancelled": cancelled}


def delivery_report(distribution, *, status=None, q=None):
    qs = (
        Delivery.objects.filter(distribution=distribution).select_related("journalist__outlet").order_by("pk")
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(email__icontains=q) | Q(journalist__name__icontains=q))
    return qs


def distributions_for_source(source):
    from django.contrib.contenttypes.models import ContentType

    return Distribution.objects.filter(
        source_content_type=ContentType.objects.get_for_model(source), source_object_id=source.pk
    )


def source_sent_summary(source):
    """What already reached recipients of `source` (a release, ...): the distributions with at
    least one sent delivery, each annotated with `n_sent`, and the number of distinct addresses
    that got it across them. Pages that change a thing already sent (an embargo moved, a release
    withdrawn) say how many people hold the old version."""
    sent = Q(deliveries__status=Delivery.Status.SENT)
    distributions = list(
        distributions_for_source(source)
        .annotate(n_sent=Count("deliveries", filter=sent))
        .filter(n_sent__gt=0)
        .order_by("created_at", "pk")
    )
    recipients = (
        Delivery.objects.filter(distribution__in=[d.pk for d in distributions], status=Delivery.Status.SENT)
        .values("email")
        .distinct()
        .count()
        if distributions
        else 0
    )
    return {"distributions": distributions, "recipients": recipients}


# --- follow-ups -----------------------------------------------------------------------------
# A failure that may pass (4xx, a timeout, a dropped connection) and ran out of attempts; 5xx
# replies, refused headers and broken templates fail the same way every time.
TEMPORARY_FAILURE = (
    Q(status=Delivery.Status.FAILED)
    & ~Q(smtp_reply__startswith="5")
    & ~Q(smtp_reply__startswith="not sent:")
    & ~Q(smtp_reply__startswith="render:")
)
_IN_FLIGHT_OR_SENT = (Delivery.Status.QUEUED, Delivery.Status.SENDING, Delivery.Status.SENT)


def follow_up_root(distribution):
    """Follow-ups always hang on the first send (a correction of a resend corrects the original)."""
    return distribution.follow_up_of if distribution.follow_up_of_id else distribution


def _original_family(original):
    """The rows that delivered (or tried to deliver) the original: its own and its resends'."""
    return Delivery.objects.filter(
        Q(distribution=original)
        | Q(distribution__follow_up_of=original, distribution__follow_up_kind=FollowUp.RESEND)
    )


def _follow_up_candidates(original, kind):
    """(journalist ids the follow-up is for, ids left out because they already got it)."""
    received = _original_family(original).filter(status=Delivery.Status.SENT).values("journalist_id")
    same_kind = Delivery.objects.filter(
        distribution__follow_up_of=original, distribution__follow_up_kind=kind
    )
    if kind == FollowUp.RESEND:
        candidates = _original_family(original).filter(TEMPORARY_FAILURE).values("journalist_id")
        # Never to someone the original (or an earlier resend) did reach, nor twice at once.
        already = Delivery.objects.filter(
            Q(journalist_id__in=received) | Q(pk__in=same_kind.filter(status__in=_IN_FLIGHT_OR_SENT))
        ).values("journalist_id")
    elif kind == FollowUp.CORRECTION:
        # One correction per original per recipient.
        candidates = received
        already = same_kind.filter(status__in=_IN_FLIGHT_OR_SENT).values("journalist_id")
    else:
        # An embargo can change more than once, and each change is news: only one notice at a
        # time (an open one), never the same notice twice (the ledger is unique per recipient).
        candidates = received
        already = same_kind.filter(status__in=(Delivery.Status.QUEUED, Delivery.Status.SENDING)).values(
            "journalist_id"
        )
    return candidates, already


def follow_up_recipients(original, kind):
    """The journalists a follow-up of `kind` reaches now: a queryset of contactable people
    (opt-outs and erasures since the original are honoured), each once, in pk order."""
    from contacts.models import Journalist

    candidates, already = _follow_up_candidates(original, kind)
    return (
        Journalist.objects.filter(pk__in=candidates, do_not_contact=False, erased_at__isnull=True)
        .exclude(pk__in=already)
        .exclude(email="")
        .order_by("pk")
    )


def follow_up_preview(original, kind):
    """{"count": who gets it, "already": left out because they already got it, "excluded":
    left out because they opted out or were erased since}."""
    from contacts.models import Journalist

    candidates, already = _follow_up_candidates(original, kind)
    chosen = Journalist.objects.filter(pk__in=candidates)
    count = follow_up_recipients(original, kind).count()
    already_n = chosen.filter(pk__in=already).count()
    return {"count": count, "already": already_n, "excluded": chosen.count() - count - already_n}


def received_earlier(source, journalist_ids_qs, *, exclude_distribution=None):
    """Of these journalists, the ids that already received `source` from an earlier send."""
    sent = Delivery.objects.filter(
        distribution__in=distributions_for_source(source), status=Delivery.Status.SENT
    )
    if exclude_distribution is not None:
        sent = sent.exclude(distribution=exclude_distribution)
    return sent.filter(journalist_id__in=journalist_ids_qs).values("journalist_id")


def distribution_send_count(distribution):
    """How many rows the ledger gets if this draft starts now: the figure the send button
    confirms (views.start refuses a confirmation of another figure)."""
    if distribution.follow_up_of_id:
        return follow_up_recipients(distribution.follow_up_of, distribution.follow_up_kind).count()
    return distribution_recipients_preview(
        lists=distribution.lists.all(),
        segments=distribution.segments.all(),
        journalists=distribution.journalists.all(),
    ).count - (distribution_received_count(distribution) if distribution.skip_received else 0)


def distribution_received_count(distribution, *, lists=None, segments=None, source=None):
    """Of the chosen recipients, how many already received this source from an earlier send
    (the create page's warning)."""
    from contacts.selectors import recipients_for

    source = source if source is not None else distribution.source
    if source is None:
        return 0
    chosen = recipients_for(
        lists=list(lists if lists is not None else distribution.lists.all()),
        segments=list(segments if segments is not None else distribution.segments.all()),
        journalists=list(distribution.journalists.all()) if distribution is not None else [],
    )
    return (
        received_earlier(source, chosen.values("pk"), exclude_distribution=distribution)
        .values("journalist_id")
        .distinct()
        .count()
    )


def delivery_distribution_id(delivery_id):
    """The distribution a delivery belongs to (None for an unknown id): for pages reached from a
    mail that count their openings on the send's report."""
    return Delivery.objects.filter(pk=delivery_id).values_list("distribution_id", flat=True).first()
