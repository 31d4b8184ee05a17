"""Celery beat entries of distribution: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {}
