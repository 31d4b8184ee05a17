"""Shared by the apps' test_workflow_walk.py files, which walk every declared move of a workflow
from every state as every role and check that what a page offers is exactly what the service
accepts."""

import re

from django.db import transaction

from kernel.refusal import Refusal

# The staff pages mark each workflow button with the move it makes.
ACTION_ATTRIBUTE = re.compile(r'data-(?:workflow-)?action="([a-z_]+)"')


class _RolledBack(Exception):
    pass


def service_accepts(call):
    """True when `call()` (a service making a move) succeeds, False when it refuses (a Refusal);
    whatever it wrote is rolled back either way, so one object can be walked through every move."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except Refusal:
        return False


def offered_in_html(html):
    return set(ACTION_ATTRIBUTE.findall(html))
