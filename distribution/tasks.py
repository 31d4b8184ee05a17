"""Thin Celery tasks (queue `mail`, see CELERY_TASK_ROUTES): take ids, call the send loop or a
service. Late acks + reject on worker lost (settings) hand a batch back when a worker dies; the
claim by conditional UPDATE makes running a batch twice harmless."""

from celery import shared_task

from . import services
from .sending import send_batch as _send_batch


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def send_batch(distribution_id, delivery_ids):
    later = _send_batch(distribution_id=distribution_id, delivery_ids=delivery_ids)
    for delay, ids in later.items():
        services.enqueue_deliveries(distribution_id, ids, countdown=delay)
    services.distribution_finalize(distribution_id=distribution_id)


@shared_task(ignore_result=True)
def start_due_distributions():
    return services.distributions_start_due()


@shared_task(ignore_result=True)
def requeue_stuck_deliveries():
    return services.deliveries_requeue_stuck()


@shared_task(ignore_result=True)
def finalize_distributions():
    return services.distributions_finalize()
