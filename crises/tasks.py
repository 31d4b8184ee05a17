from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def incident_overdue_reminders_sweep():
    return services.incident_overdue_reminders_send()
