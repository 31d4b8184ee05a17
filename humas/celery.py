import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas.settings")

app = Celery("humas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Press-kit rendering lives in its own package inside releases/.
app.autodiscover_tasks(["releases.presskit"])


@signals.task_prerun.connect
@signals.task_postrun.connect
def _database_connections_as_for_requests(task=None, **_kwargs):
    """Treat each task like a request: drop a connection that is broken, in a transaction or older
    than CONN_MAX_AGE, keep a healthy one. Celery's own Django fixup would close every connection
    around every task (settings.CELERY_DB_REUSE_MAX turns that off), which costs a send batch a
    new PostgreSQL backend each time. With CONN_MAX_AGE 0 (tests) this still closes each time.
    A task run eagerly (`.apply()`) runs inside its caller's unit of work: nothing is closed."""
    from django.db import close_old_connections

    if task is not None and getattr(task.request, "is_eager", False):
        return

    close_old_connections()
