from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

BEAT_HEARTBEAT_KEY = "humas:beat:last-run"


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Beat's pulse, so the status page can tell when beat last ran."""
    cache.set(BEAT_HEARTBEAT_KEY, timezone.now().isoformat(), None)


@shared_task(bind=True, max_retries=8, ignore_result=True)
def notification_deliver(self, ids):
    """Send the staff notifications `ids` over one SMTP connection; temporary failures are
    tried again with backoff (the rows say so meanwhile)."""
    from django.core.mail import get_connection

    from .notifications import notification_deliver_one

    retry = []
    with get_connection() as connection:
        for pk in ids:
            if notification_deliver_one(pk, connection=connection) == "retry":
                retry.append(pk)
    if retry:
        raise self.retry(args=[retry], countdown=min(600, 30 * 2**self.request.retries))


@shared_task(ignore_result=True)
def notification_requeue():
    """Beat: deliver rows whose task was lost."""
    from .notifications import notification_requeue_stale

    ids = notification_requeue_stale()
    if ids:
        notification_deliver.delay(ids)


@shared_task(ignore_result=True)
def export_job_run_task(job_id):
    from .exportjobs import export_job_run

    export_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def export_jobs_expire_task():
    from .exportjobs import export_jobs_expire

    export_jobs_expire()


@shared_task(bind=True, max_retries=3, ignore_result=True)
def renditions_make_task(self, storage_name):
    """Make the renditions of one uploaded image (queued on commit by the owning app's service).
    A file that is gone by now (the row was deleted) is nothing to do; a page that finds a
    rendition missing makes it itself, so a lost task costs one slower page view."""
    from django.core.files.storage import default_storage

    from .renditions import renditions_make

    if not default_storage.exists(storage_name):
        return 0
    try:
        return len(renditions_make(storage_name))
    except OSError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(ignore_result=True)
def pending_uploads_purge_task():
    """Beat: files chosen before a failed save and never saved are removed after a day."""
    from .uploads import pending_uploads_purge

    return pending_uploads_purge()
