"""Celery beat entries of releases: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {
    # A sweep, not ETA tasks: a release due while beat was down goes out on the next run.
    "releases-publish-due": {"task": "releases.tasks.release_publish_due_task", "schedule": 60.0},
}
