"""Celery beat entries of releases: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {}
