"""Every declared move of a distribution, from every state, by every role (and by a code path
without a user): what the declaration offers (the buttons the pages draw) is exactly what the
services accept, and every move is accepted somewhere."""

import pytest
from django.db import transaction
from django.utils import timezone

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.workflows import DISTRIBUTION_WORKFLOW
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db

S = Distribution.Status
HOUR = timezone.timedelta(hours=1)


def _service(name):
    return {
        "update": lambda d, a: services.distribution_update(
            actor=a, distribution=d, scheduled_at=d.scheduled_at
        ),
        "schedule": lambda d, a: services.distribution_start(actor=a, distribution=d),
        "start": lambda d, a: (
            # Beat starts what its clock says is due; the declaration leaves the "when" to it.
            services.distributions_start_due(now=timezone.now() + 2 * HOUR)
            if a == "system:beat" and d.status == S.SCHEDULED
            else services.distribution_start(actor=a, distribution=d)
        ),
        "pause": lambda d, a: services.distribution_pause(actor=a, distribution=d),
        "resume": lambda d, a: services.distribution_resume(actor=a, distribution=d),
        "resume_schedule": lambda d, a: services.distribution_resume(actor=a, distribution=d),
        "cancel": lambda d, a: services.distribution_cancel(actor=a, distribution=d),
        # Only the pipeline completes a distribution; a person has no path to it but the declaration.
        "complete": lambda d, a: (
            services.distribution_finalize(distribution_id=d.pk)
            if a == "system:distribution"
            else DISTRIBUTION_WORKFLOW.run("complete", d, actor=a)
        ),
    }[name]


# (scheduled_at, started_at, an open ledger row): enough to make every guard say yes and no.
VARIANTS = [
    ("none", False, False),
    ("future", False, False),
    ("past", True, False),
    ("none", True, True),
]


def _make(release, contact_list, state, variant, sekretaris):
    when, started, open_row = variant
    now = timezone.now()
    dist = Distribution.objects.create(
        source=release,
        subject="Uji",
        status=state,
        scheduled_at={"none": None, "future": now + HOUR, "past": now - HOUR}[when],
        started_at=now - HOUR if started else None,
        created_by=sekretaris,
    )
    dist.lists.set([contact_list])
    if open_row:
        Delivery.objects.create(
            distribution=dist, journalist=contact_list.members.first(), email="x@example.id"
        )
    return dist


def _accepted(transition, dist, actor):
    before = AuditEntry.objects.count()
    try:
        _service(transition.name)(dist, actor)
    except Refusal:
        return False
    dist.refresh_from_db()
    expected = transition.target or dist.status
    entry = AuditEntry.objects.order_by("-id").first()
    return (
        AuditEntry.objects.count() > before
        and dist.status == expected
        and entry.action == transition.action
        and entry.object_id == str(dist.pk)
    )


def test_offered_equals_accepted_for_every_move_state_and_role(
    kepala, sekretaris, staf, ppid, release_factory, journalists
):
    release = release_factory()
    contact_list = journalists["lists"][0]
    actors = {
        "kepala": kepala,
        "sekretaris": sekretaris,
        "staf": staf,
        "ppid": ppid,
        "system:beat": "system:beat",
        "system:distribution": "system:distribution",
    }
    walked = set()
    mismatches = []
    for transition in DISTRIBUTION_WORKFLOW.transitions:
        for state in S.values:
            for variant in VARIANTS:
                for who, actor in actors.items():
                    with transaction.atomic():
                        dist = _make(release, contact_list, state, variant, sekretaris)
                        offered = DISTRIBUTION_WORKFLOW.refusal_for(transition.name, dist, actor) is None
                        if not isinstance(actor, str):
                            assert offered == (
                                transition.name in DISTRIBUTION_WORKFLOW.action_names_for(dist, actor)
                            )
                        accepted = _accepted(transition, dist, actor)
                        transaction.set_rollback(True)
                    if offered != accepted:
                        mismatches.append((transition.name, state, variant, who, offered, accepted))
                    if accepted:
                        walked.add(transition.name)
    assert mismatches == []
    assert walked == {t.name for t in DISTRIBUTION_WORKFLOW.transitions}


def test_staf_and_ppid_are_offered_nothing(staf, ppid, release_factory, journalists):
    release = release_factory()
    for state in S.values:
        for variant in VARIANTS:
            with transaction.atomic():
                dist = _make(release, journalists["lists"][0], state, variant, staf)
                assert DISTRIBUTION_WORKFLOW.action_names_for(dist, staf) == set()
                assert DISTRIBUTION_WORKFLOW.action_names_for(dist, ppid) == set()
                transaction.set_rollback(True)


def test_detail_page_draws_the_declared_buttons(client, sekretaris, release_factory, journalists):
    """The progress partial shows pause and cancel for a sending distribution, resume for a
    paused one and nothing for a completed one: the buttons come from the declaration."""
    from django.urls import reverse

    release = release_factory()
    client.force_login(sekretaris)
    expected = {
        S.SENDING: ({"pause", "cancel"}, {"resume"}),
        S.PAUSED: ({"resume", "cancel"}, {"pause"}),
        S.COMPLETED: (set(), {"pause", "resume", "cancel"}),
    }
    for state, (shown, hidden) in expected.items():
        dist = _make(release, journalists["lists"][0], state, ("none", True, False), sekretaris)
        html = client.get(reverse("staff_distribution:progress", args=[dist.pk])).content.decode()
        for name in shown:
            assert reverse(f"staff_distribution:{name}", args=[dist.pk]) in html, (state, name)
        for name in hidden:
            assert reverse(f"staff_distribution:{name}", args=[dist.pk]) not in html, (state, name)
