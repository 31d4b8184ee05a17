"""Thin Celery tasks (queue `mail`, see CELERY_TASK_ROUTES): take ids, call the send loop or a
service. Late acks + reject on worker lost (settings) hand a batch back when a worker dies; the
claim by conditional UPDATE makes running a batch twice harmless."""

from celery import shared_task
from django.utils.translation import gettext as _

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


@shared_task(ignore_result=True)
def flush_engagement():
    from .engagement import engagement_flush

    return engagement_flush()


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8, ignore_result=True
)
def send_test(distribution_id, to_email, name):
    """The test mail of a draft (services.distribution_send_test): rendered here by the same
    builder and headers as the real ones, for a sample recipient who is not a contact (so no
    unsubscribe link), sent through the mail backend; nothing is written to the ledger."""
    from contacts.models import Journalist

    from .mail import build_message
    from .models import Distribution
    from .registry import build_mail, builder_for

    distribution = Distribution.objects.filter(pk=distribution_id).first()
    source = distribution.source if distribution is not None else None
    if source is None:
        return
    sample = Journalist(name=name, email=to_email)
    mail = build_mail(
        builder_for(source, distribution.kind), source, sample, None, follow_up=distribution.follow_up_kind
    )
    mail.subject = _("[UJI] %(subject)s") % {"subject": mail.subject}
    build_message(mail, to_email=to_email, journalist=sample).send()
