"""The role sync runs once per migrate or flush, in a handful of queries (it used to cost 3,641
queries and 17 s on every flush of the test database)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.roles import KEPALA, ROLES, STAF, role_permissions, roles_sync, roles_sync_signal

pytestmark = pytest.mark.django_db


def _last_app():
    return [c for c in apps.get_app_configs() if c.models_module is not None][-1]


def test_only_the_last_apps_signal_syncs():
    with CaptureQueriesContext(connection) as queries:
        roles_sync_signal(sender=apps.get_app_config("kernel"), using="default")
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        roles_sync_signal(sender=_last_app(), using="default")
    assert 0 < len(queries) <= 10


def test_sync_repairs_drift_in_few_queries():
    staf = Group.objects.get(name=STAF)
    kepala = Group.objects.get(name=KEPALA)
    staf.permissions.add(*kepala.permissions.all())  # someone granted too much by hand
    Group.objects.filter(name=KEPALA).delete()  # and a role group went missing
    with CaptureQueriesContext(connection) as queries:
        roles_sync()
    assert len(queries) <= 10
    wanted = role_permissions()
    for role in ROLES:
        group = Group.objects.get(name=role)
        have = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert have == set(wanted[role]), role
