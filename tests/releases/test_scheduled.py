from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from kernel.models import AuditEntry
from releases import services
from releases.models import Release

S = Release.Status


def test_beat_entry_runs_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["releases-publish-due"]
    assert entry["task"] == "releases.tasks.release_publish_due_task"
    assert entry["schedule"] <= 60


@pytest.mark.django_db
def test_publish_due_publishes_only_due_rows(release_in_state, client):
    due = release_in_state(S.SCHEDULED)
    later = release_in_state(S.SCHEDULED)
    Release.objects.filter(pk=due.pk).update(publish_at=timezone.now() - timedelta(seconds=5))
    assert client.get(due.get_absolute_url()).status_code == 404
    published = services.release_publish_due()
    assert published == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == S.PUBLISHED and due.published_at is not None
    assert later.status == S.SCHEDULED
    entry = AuditEntry.objects.get(action="release.publish_scheduled")
    assert entry.actor_repr == "system:beat" and entry.to_state == S.PUBLISHED
    assert client.get(due.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_catches_up_after_downtime(release_in_state):
    rows = [release_in_state(S.SCHEDULED) for _ in range(3)]
    # Beat was down for two days: all three went due long ago.
    Release.objects.filter(pk__in=[r.pk for r in rows]).update(publish_at=timezone.now() - timedelta(days=2))
    assert sorted(services.release_publish_due(batch_size=2)) == sorted(r.pk for r in rows)
    assert services.release_publish_due() == []
    assert Release.objects.filter(status=S.PUBLISHED).count() == 3


@pytest.mark.django_db
def test_embargo_holds_even_when_publish_at_passed(release_in_state):
    r = release_in_state(S.SCHEDULED)
    Release.objects.filter(pk=r.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1), embargo_until=timezone.now() + timedelta(hours=1)
    )
    assert services.release_publish_due() == []
    assert services.release_publish_due(now=timezone.now() + timedelta(hours=2)) == [r.pk]


@pytest.mark.django_db(transaction=True)
def test_task_on_a_real_worker_publishes_due_release(release_in_state, celery_worker):
    from releases.tasks import release_publish_due_task

    r = release_in_state(S.SCHEDULED)
    Release.objects.filter(pk=r.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    release_publish_due_task.delay()
    deadline = timezone.now() + timedelta(seconds=20)
    while timezone.now() < deadline:
        r.refresh_from_db()
        if r.status == S.PUBLISHED:
            break
        import time

        time.sleep(0.1)
    assert r.status == S.PUBLISHED
