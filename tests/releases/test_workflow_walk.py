"""Walk the declared release workflow: for every transition, every state it starts from, and each
role user (plus authors, submitters and editors as would-be approvers), the moves the staff
detail page offers (its view context and its rendered buttons) are exactly the moves the
services accept. Each service call runs inside a savepoint that is rolled back, so every
(user, move) pair starts from the same row."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from releases import services
from releases.models import Release
from releases.workflows import RELEASE_WORKFLOW
from tests.workflow_walk import service_accepts

pytestmark = pytest.mark.django_db
S = Release.Status
WF = RELEASE_WORKFLOW
TRANSITIONS = {t.name for t in WF.transitions}


def _publish_at(release):
    base = max(timezone.now(), release.embargo_until or timezone.now())
    return base + timedelta(hours=3)


# One call per declared move, with valid inputs: a refusal then can only come from the rule.
SERVICE_CALLS = {
    "submit": lambda r, u: services.release_submit(release=r, actor=u),
    "approve": lambda r, u: services.release_approve(release=r, actor=u, comment="Baik."),
    "reject": lambda r, u: services.release_reject(release=r, actor=u, comment="Tambah data."),
    "publish": lambda r, u: services.release_publish(release=r, actor=u),
    "schedule": lambda r, u: services.release_schedule(release=r, actor=u, publish_at=_publish_at(r)),
    "unschedule": lambda r, u: services.release_unschedule(release=r, actor=u),
    "publish_scheduled": lambda r, u: services.release_publish_scheduled(release=r, actor=u),
    "correct": lambda r, u: services.release_correct(
        release=r, actor=u, change_note="Angka diperbaiki.", data={"title": r.title + " (koreksi)"}
    ),
    "propose_correction": lambda r, u: services.release_correction_propose(
        release=r,
        actor=u,
        change_note="Angka korban diperbaiki.",
        data={"summary": r.summary + " (25 posko)"},
    ),
    "change_timing": lambda r, u: services.release_timing_change(
        release=r,
        actor=u,
        embargo_until=timezone.now() + timedelta(hours=6),
        publish_at=timezone.now() + timedelta(hours=7),
        reason="Acara diundur.",
    ),
    "lift_embargo": lambda r, u: services.release_embargo_lift(release=r, actor=u, reason="Sudah diumumkan."),
    "unapprove": lambda r, u: services.release_unapprove(release=r, actor=u, reason="Data berubah."),
    "force_publish": lambda r, u: services.release_force_publish(release=r, actor=u, reason="Bencana."),
    "withdraw": lambda r, u: services.release_withdraw(release=r, actor=u, reason="Data keliru."),
    "unpublish": lambda r, u: services.release_unpublish(release=r, actor=u, reason="Salah unggah."),
    # Not a move (the state stays), but drawn from the same rule: the "Ubah" button.
    "edit": lambda r, u: services.release_update(release=r, actor=u, data={"title": "Judul baru"}),
    # Not moves either: new drafts made from this release ("Duplikat", "Buat versi bahasa Inggris").
    "duplicate": lambda r, u: services.release_duplicate(release=r, actor=u),
    "translate": lambda r, u: services.release_translation_create(release=r, actor=u),
}


def _accepted(release, user, name):
    """Does the service make move `name`? Whatever it wrote is rolled back."""
    return service_accepts(lambda: SERVICE_CALLS[name](Release.objects.get(pk=release.pk), user))


ACTION_ATTR = re.compile(r'data-action="([a-z_]+)"')


def _offered(client, release, user):
    """The moves the detail page offers: from its context and from its HTML, which must agree."""
    client.force_login(user)
    response = client.get(reverse("staff_releases:detail", args=[release.pk]))
    if response.status_code == 404:  # may not see releases at all: offers nothing
        return set()
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('data-testid="release-actions"') :]
    from_html = set(ACTION_ATTR.findall(section)) - {"send"}
    from_context = set(response.context["actions"]) - {"send"}
    assert from_html == from_context, (user.username, release.status)
    # Every button posts to the move it names (or opens its page).
    for name in from_html & set(services_action_routes()):
        assert reverse("staff_releases:action", args=[release.pk, name]) in section
    return from_html


def services_action_routes():
    from releases.views import ACTION_VIEWS

    return ACTION_VIEWS


@pytest.fixture
def walkers(kepala, sekretaris, sekretaris2, staf, ppid):
    return {
        "kepala": kepala,
        "sekretaris": sekretaris,
        "sekretaris2": sekretaris2,
        "staf": staf,
        "ppid": ppid,
    }


def _walk(client, release, users):
    """Compare offered and accepted for each user. Returns the (move, user) pairs tried and the
    moves someone was allowed to make."""
    tried, accepted_by_someone = set(), set()
    for who, user in users.items():
        offered = _offered(client, release, user)
        accepted = set()
        for name in SERVICE_CALLS:
            tried.add((name, who))
            if _accepted(release, user, name):
                accepted.add(name)
        assert offered == accepted, f"{who} on {release.status}: page {offered}, service {accepted}"
        accepted_by_someone |= accepted
    return tried, accepted_by_someone


STATES = [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.PUBLISHED, S.WITHDRAWN, S.UNPUBLISHED]


def test_the_walk_covers_the_whole_declaration():
    declared_sources = {s for t in WF.transitions for s in t.source}
    assert declared_sources <= set(STATES)
    assert set(SERVICE_CALLS) == TRANSITIONS | {"edit", "duplicate", "translate"}
    assert "publish_scheduled" in TRANSITIONS and "correct" in TRANSITIONS


@pytest.mark.parametrize("state", STATES)
def test_offered_equals_accepted_per_role(state, client, release_in_state, walkers):
    release = release_in_state(state)
    tried, accepted = _walk(client, release, walkers)
    # Every declared move was tried by every role user on this state...
    assert tried == {(name, who) for name in SERVICE_CALLS for who in walkers}
    # ...and each move that starts here was made by at least one of them (the walk is not empty:
    # beat's move is the one no person makes, and this release is not due yet).
    starting_here = {t.name for t in WF.transitions if state in t.source and t.system_actor is None}
    # Moves held back by a guard on this plain release: no embargo to lift, and a scheduled one is
    # held by its schedule (force publish) while an approved one without embargo is not.
    starting_here.discard("lift_embargo")
    if state == S.APPROVED:
        starting_here.discard("force_publish")
    if release.status == S.DRAFT:
        starting_here.add("edit")
    # A new draft can be made from a release in any state (a copy, or its English version).
    starting_here |= {"duplicate", "translate"}
    assert accepted == starting_here


def test_offered_equals_accepted_on_an_embargoed_approved_release(client, release_in_state, walkers):
    # "Terbitkan" under a running embargo schedules instead: still offered exactly when accepted.
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    _walk(client, release, walkers)


def test_embargoed_scheduled_release_offers_lift_and_force(client, release_in_state, walkers, kepala):
    release = release_in_state(S.APPROVED, embargo_until=timezone.now() + timedelta(hours=5))
    release = services.release_publish(
        release=release, actor=walkers["sekretaris"]
    )  # scheduled for the embargo's end
    assert release.status == S.SCHEDULED
    _walk(client, release, walkers)
    assert _accepted(release, kepala, "lift_embargo") and _accepted(release, kepala, "force_publish")
    assert not _accepted(release, walkers["sekretaris"], "force_publish")


def test_the_correction_walk(client, release_in_state, staf, sekretaris, sekretaris2, kepala, ppid):
    """The second workflow (a major correction under review): every move, from every state, for
    every role and for the proposer, offered on its page exactly when the service accepts it."""
    from releases.models import ReleaseCorrection
    from releases.workflows import CORRECTION_WORKFLOW
    from tests.workflow_walk import offered_in_html

    calls = {
        "approve": lambda c, u: services.release_correction_approve(correction=c, actor=u),
        "reject": lambda c, u: services.release_correction_reject(
            correction=c, actor=u, reason="Angka salah."
        ),
    }
    assert set(calls) == {t.name for t in CORRECTION_WORKFLOW.transitions}
    users = {
        "staf": staf,
        "sekretaris": sekretaris,
        "sekretaris2": sekretaris2,
        "kepala": kepala,
        "ppid": ppid,
    }
    release = release_in_state(S.PUBLISHED)
    pending = services.release_correction_propose(
        release=release,
        actor=sekretaris,
        change_note="Jumlah posko 25.",
        data={"title": release.title + " 25"},
    )
    approved = ReleaseCorrection.objects.create(
        release=release, note="x", kind="major", status="approved", created_by=sekretaris
    )
    rejected = ReleaseCorrection.objects.create(
        release=release, note="y", kind="major", status="rejected", created_by=sekretaris
    )
    accepted_somewhere = set()
    for correction in (pending, approved, rejected):
        for who, user in users.items():
            client.force_login(user)
            response = client.get(reverse("staff_releases:correction", args=[release.pk, correction.pk]))
            if response.status_code == 404:
                offered = set()
            else:
                html = response.content.decode()
                offered = offered_in_html(html[html.index('data-testid="correction-actions"') :])
            accepted = {
                name
                for name, call in calls.items()
                if service_accepts(
                    lambda call=call, pk=correction.pk, user=user: call(
                        ReleaseCorrection.objects.get(pk=pk), user
                    )
                )
            }
            assert offered == accepted, (who, correction.status, offered, accepted)
            accepted_somewhere |= accepted
            if correction is pending and who == "sekretaris":  # the proposer
                assert not accepted
    assert accepted_somewhere == set(calls)


def test_author_as_approver_after_a_colleague_submits(client, make_release, sekretaris, sekretaris2, kepala):
    release = make_release(author=sekretaris)
    services.release_submit(release=release, actor=sekretaris2)
    _walk(client, release, {"author": sekretaris, "submitter": sekretaris2, "third": kepala})
    assert _accepted(release, kepala, "approve")
    assert not _accepted(release, sekretaris, "approve") and not _accepted(release, sekretaris2, "approve")


def test_editor_as_approver(client, make_release, staf, sekretaris, sekretaris2, kepala):
    release = make_release(author=staf)
    services.release_update(release=release, actor=sekretaris2, data={"title": "Disunting penyunting"})
    services.release_submit(release=release, actor=staf)
    _walk(client, release, {"author": staf, "editor": sekretaris2, "other": sekretaris, "head": kepala})
    assert not _accepted(release, sekretaris2, "approve") and not _accepted(release, sekretaris2, "reject")
    assert _accepted(release, sekretaris, "approve") and _accepted(release, kepala, "reject")


def test_kepala_as_author_needs_a_sekretaris(client, make_release, kepala, sekretaris):
    release = make_release(author=kepala)
    services.release_submit(release=release, actor=kepala)
    _walk(client, release, {"author": kepala, "reviewer": sekretaris})
    assert _offered(client, release, sekretaris) >= {"approve", "reject"}
    assert not ({"approve", "reject"} & _offered(client, release, kepala))


def test_the_system_move_is_accepted_for_beat_only(release_in_state, walkers):
    release = release_in_state(S.SCHEDULED)
    Release.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    for user in walkers.values():
        assert not _accepted(release, user, "publish_scheduled")
    assert _accepted(release, "system:beat", "publish_scheduled")
