"""Reads of distribution: lists, counts, the recipient preview and the report."""

import time

from django.db.models import Count, Q
from django.http import Http404

from contacts.selectors import recipients_preview

from .models import Delivery, Distribution


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
    return {"counts": counts, "percent": percent, "rate": rate, "eta_seconds": eta}


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
