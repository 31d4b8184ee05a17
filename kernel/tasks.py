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
