"""Celery beat entries of distribution: plain data, merged into CELERY_BEAT_SCHEDULE by settings.

The sweep interval may be shortened through the environment (the reliability test does)."""

import os

_EVERY = float(os.environ.get("HUMAS_DISTRIBUTION_SWEEP_SECONDS", "60"))

SCHEDULE = {
    # Scheduled sends are started by this sweep, never by long ETA tasks (they would re-run
    # after Redis' visibility timeout); a send due while beat was down goes out on the next sweep.
    "distribution-start-due": {"task": "distribution.tasks.start_due_distributions", "schedule": _EVERY},
    # Rows stuck in `sending` (a worker killed mid-send) or queued rows whose task was lost.
    "distribution-requeue-stuck": {"task": "distribution.tasks.requeue_stuck_deliveries", "schedule": _EVERY},
    "distribution-finalize": {"task": "distribution.tasks.finalize_distributions", "schedule": _EVERY},
}
