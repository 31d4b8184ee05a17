"""Celery beat entries of contacts: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {}
