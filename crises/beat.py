"""Celery beat entries of crises: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {
    # Every minute: remind the team of incidents whose next public update is overdue (once per
    # overdue period; see crises.services.incident_overdue_reminders_send).
    "crises-overdue-update-reminders": {
        "task": "crises.tasks.incident_overdue_reminders_sweep",
        "schedule": 60.0,
    },
}
