"""Celery beat entries of publicinfo: none (plain data, merged into CELERY_BEAT_SCHEDULE by settings)."""

SCHEDULE = {}
