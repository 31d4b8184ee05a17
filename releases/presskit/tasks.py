"""Press-kit Celery tasks, in the `pdf` queue.

Time limits: a render gets SOFT_TIME_LIMIT seconds (SoftTimeLimitExceeded marks the kit failed
with a reason) and is killed at TIME_LIMIT (the prefork child is terminated; acks_late plus
reject_on_worker_lost hand the message back, and the kit stays pending until a retry request).
The fetcher additionally stops fetching at its own deadline. Time limits need the prefork pool
(`celery -A humas worker -Q pdf --max-tasks-per-child=100`); the threads pool used by the tests
ignores them.
"""

from celery import shared_task

from . import services

# The `pdf` queue comes from CELERY_TASK_ROUTES ("releases.tasks.presskit_*"), which this task's
# name matches; Celery 5.7 deprecates the per-task `queue` attribute (tests check the route).

SOFT_TIME_LIMIT = 60
TIME_LIMIT = 90


@shared_task(
    name="releases.tasks.presskit_render",
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    acks_late=True,
    ignore_result=True,
)
def presskit_render_task(kit_id):
    # The fetcher's deadline sits inside the soft limit, so a slow render fails with a reason.
    services.presskit_render(kit_id=kit_id, deadline_s=SOFT_TIME_LIMIT - 10)


@shared_task(name="releases.tasks.presskit_sweep_embargo_lifted", ignore_result=True)
def presskit_sweep_embargo_lifted_task():
    services.presskit_sweep_embargo_lifted()
