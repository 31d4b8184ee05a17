"""Database connections around Celery tasks follow CONN_MAX_AGE, as they do around requests."""

import pytest
from celery import signals
from django.db import connection


def _fresh_connection(monkeypatch, conn_max_age):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", conn_max_age)
    connection.close()
    connection.ensure_connection()
    # What connect() sets for this CONN_MAX_AGE (0: close at the end of the unit of work).
    connection.close_at = None if conn_max_age else 0
    return connection.connection


@pytest.mark.django_db(transaction=True)  # a connection inside a test transaction is never reusable
def test_connections_around_tasks_follow_conn_max_age(monkeypatch):
    from humas.celery import app

    # Celery's own fixup must not close every connection around every task ...
    assert app.conf.get("CELERY_DB_REUSE_MAX")

    # ... so a healthy connection is kept from one send batch to the next,
    before = _fresh_connection(monkeypatch, 60)
    signals.task_prerun.send(sender=None)
    signals.task_postrun.send(sender=None)
    assert connection.connection is before

    # one left inside a transaction by a task that died is dropped,
    _fresh_connection(monkeypatch, 60)
    connection.set_autocommit(False)
    signals.task_prerun.send(sender=None)
    assert connection.connection is None
    connection.set_autocommit(True)

    # A task run eagerly runs inside its caller's unit of work (a request, a test): untouched.
    from kernel.tasks import beat_heartbeat

    before = _fresh_connection(monkeypatch, 0)
    connection.set_autocommit(False)
    beat_heartbeat.apply()
    assert connection.connection is before
    connection.set_autocommit(True)

    # and with CONN_MAX_AGE 0 every task ends with its connection closed.
    _fresh_connection(monkeypatch, 0)
    signals.task_postrun.send(sender=None)
    assert connection.connection is None
