"""Celery beat entries of releases: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {
    # A sweep, not ETA tasks: a release due while beat was down goes out on the next run.
    "releases-publish-due": {"task": "releases.tasks.release_publish_due_task", "schedule": 60.0},
    # A kit made during an embargo carries the watermark; once the embargo ends it is rendered anew.
    "presskit-embargo-lifted": {"task": "releases.tasks.presskit_sweep_embargo_lifted", "schedule": 120.0},
}
