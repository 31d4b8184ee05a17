"""Celery beat entries of crises: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {}
