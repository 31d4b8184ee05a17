"""Celery beat entries of conferences: plain data, merged into CELERY_BEAT_SCHEDULE by settings."""

SCHEDULE = {}
