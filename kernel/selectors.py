from django.core.cache import cache

from .models import AuditEntry, OrganisationProfile
from .services import ORG_PROFILE_CACHE_KEY


def organisation_profile_get():
    """The single profile row, cached: it is on every page."""
    profile = cache.get(ORG_PROFILE_CACHE_KEY)
    if profile is None:
        profile, _created = OrganisationProfile.objects.get_or_create(
            pk=OrganisationProfile.SINGLETON_PK, defaults={"name": "Pemerintah Daerah"}
        )
        cache.set(ORG_PROFILE_CACHE_KEY, profile, 600)
    return profile


def audit_entry_list():
    return AuditEntry.objects.select_related("actor", "content_type").order_by("-created_at", "-id")


QUEUE_NAMES = ("celery", "mail", "pdf")


def _queue_length(client, name):
    # Kombu's Redis transport keeps one list per queue, plus one per priority step
    # ("mail\x06\x163", ...), so all of them count.
    total = client.llen(name)
    for key in client.scan_iter(f"{name}\x06\x16*"):
        total += client.llen(key)
    return total


def system_status_get():
    """Everything the "Status sistem" page shows; each part degrades to an error text, never a 500."""
    from django.apps import apps
    from django.conf import settings

    from humas.backup import backup_latest
    from humas.celery import app as celery_app

    from .tasks import BEAT_HEARTBEAT_KEY

    status = {"queues": {}, "workers": [], "errors": {}}
    try:
        import redis

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
        status["queues"] = {name: _queue_length(client, name) for name in QUEUE_NAMES}
    except Exception as exc:  # the page must render even when Redis is down
        status["errors"]["queues"] = str(exc)[:200]
    try:
        replies = celery_app.control.ping(timeout=1.0)
        status["workers"] = sorted(name for reply in replies for name in reply)
    except Exception as exc:
        status["errors"]["workers"] = str(exc)[:200]
    try:
        Delivery = apps.get_model("distribution", "Delivery")
        status["failed_deliveries"] = Delivery.objects.filter(status="failed").count()
    except LookupError:
        status["failed_deliveries"] = None
    last_beat = cache.get(BEAT_HEARTBEAT_KEY)
    status["last_beat"] = last_beat
    status["last_backup"] = backup_latest()
    return status


def notification_status_get(*, failed_limit=10):
    """Staff notifications for the status page: how many in each state, and the latest that
    failed with their error, so a review request that never arrived is seen, not guessed."""
    from django.db.models import Count

    from .models import Notification

    counts = dict(Notification.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [(status, label, counts.get(status, 0)) for status, label in Notification.Status.choices]
    failed = list(
        Notification.objects.filter(status=Notification.Status.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-id")[:failed_limit]
    )
    return {"by_status": by_status, "failed": failed}
