"""Celery beat entries of conferences: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {
    # Reminders are claimed by a conditional UPDATE, so a sweep every 5 minutes (or two beats by
    # mistake) still sends each exactly once; a reminder due while beat was down goes next sweep.
    "conferences-send-due-reminders": {
        "task": "conferences.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    "conferences-mark-past-held": {
        "task": "conferences.tasks.mark_past_held",
        "schedule": 900.0,
    },
}
