from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_due_reminders():
    return services.reminders_send_due()


@shared_task(ignore_result=True)
def mark_past_held():
    return services.conferences_mark_past_held()
