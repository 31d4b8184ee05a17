"""Periodic tasks are declared once (CELERY_BEAT_SCHEDULE in humas/settings.py); each names a task
the workers know, so a renamed task can not leave beat sending a name nobody runs."""

from pathlib import Path

from django.conf import settings

from humas.celery import app


def test_every_scheduled_task_is_a_registered_celery_task():
    # What a worker registers at start-up: every installed app's tasks module (autodiscovery).
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert len(schedule) >= 11
    unknown = {name: entry["task"] for name, entry in schedule.items() if entry["task"] not in app.tasks}
    assert unknown == {}
    assert all(float(entry["schedule"]) > 0 for entry in schedule.values())


def test_the_schedule_has_one_home():
    root = Path(settings.BASE_DIR)
    assert sorted(str(p.relative_to(root)) for p in root.glob("*/beat.py")) == []
