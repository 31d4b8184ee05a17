"""Celery beat entries of contacts: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {
    # Uploaded contact files hold personal data: keep them only as long as an import needs them.
    "contacts-import-files-purge": {
        "task": "contacts.tasks.contact_import_files_purge_task",
        "schedule": 3600.0,
    },
}
