"""The second pair of eyes (kernel.workflow.second_pair_of_eyes): whoever approves or returns a
release is neither its author, nor its submitter, nor anyone who changed its content since the
last approval. Held by the service, so every path (view, admin, shell) is refused alike.

The first two tests fail on the code before the kernel: only `submitted_by` was checked, so an
author approved her own release once a colleague pressed "Ajukan", and so did an editor."""

import pytest
from django.urls import reverse

from kernel.models import AuditEntry
from kernel.refusal import Refusal
from releases import services
from releases.models import Release
from releases.selectors import release_review_queue
from releases.workflows import RELEASE_WORKFLOW

pytestmark = pytest.mark.django_db
S = Release.Status


def _assert_refused(call, release):
    before = AuditEntry.objects.count()
    with pytest.raises(Refusal) as exc:
        call()
    assert exc.value.code == "four_eyes"
    assert "orang lain" in str(exc.value)
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW and release.approved_by is None and release.number is None
    assert AuditEntry.objects.count() == before
    return exc.value


def test_author_may_not_approve_after_a_colleague_submits(make_release, sekretaris, sekretaris2, kepala):
    release = make_release(author=sekretaris)
    services.release_submit(release=release, actor=sekretaris2)
    refusal = _assert_refused(lambda: services.release_approve(release=release, actor=sekretaris), release)
    assert "penulis" in str(refusal)
    _assert_refused(lambda: services.release_reject(release=release, actor=sekretaris, comment="x"), release)
    # The submitter is not a second pair of eyes either.
    _assert_refused(lambda: services.release_approve(release=release, actor=sekretaris2), release)
    # A third person is.
    approved = services.release_approve(release=release, actor=kepala)
    assert approved.status == S.APPROVED and approved.approved_by == kepala


def test_an_editor_of_the_draft_may_not_approve_it(make_release, staf, sekretaris, sekretaris2):
    release = make_release(author=staf)
    services.release_update(release=release, actor=sekretaris2, data={"title": "Judul dari penyunting"})
    services.release_submit(release=release, actor=staf)
    refusal = _assert_refused(lambda: services.release_approve(release=release, actor=sekretaris2), release)
    assert "mengubah isi" in str(refusal)
    _assert_refused(
        lambda: services.release_reject(release=release, actor=sekretaris2, comment="Tolak."), release
    )
    assert services.release_approve(release=release, actor=sekretaris).status == S.APPROVED


def test_restoring_a_revision_is_an_edit(make_release, staf, sekretaris2, kepala):
    release = make_release(author=staf)
    services.release_update(release=release, actor=staf, data={"title": "Judul kedua"})
    first = release.revisions.order_by("number").first()
    services.release_restore_revision(release=release, revision=first, actor=sekretaris2)
    services.release_submit(release=release, actor=staf)
    _assert_refused(lambda: services.release_approve(release=release, actor=sekretaris2), release)
    assert services.release_approve(release=release, actor=kepala).status == S.APPROVED


def test_an_edit_before_a_rejection_still_counts(make_release, staf, sekretaris, sekretaris2):
    """A rejection is not an approval of what is approved later: edits made before it count."""
    release = make_release(author=staf)
    services.release_update(release=release, actor=sekretaris2, data={"title": "Disunting"})
    services.release_submit(release=release, actor=staf)
    services.release_reject(release=release, actor=sekretaris, comment="Tambah kutipan.")
    services.release_submit(release=release, actor=staf)
    _assert_refused(lambda: services.release_approve(release=release, actor=sekretaris2), release)


def test_review_queue_follows_the_same_rule(make_release, staf, sekretaris, sekretaris2, kepala):
    own = make_release(author=sekretaris)
    services.release_submit(release=own, actor=sekretaris2)
    edited = make_release(author=staf)
    services.release_update(release=edited, actor=sekretaris2, data={"title": "Disunting dua"})
    services.release_submit(release=edited, actor=staf)
    plain = make_release(author=staf)
    services.release_submit(release=plain, actor=staf)
    for user in (sekretaris, sekretaris2, kepala):
        queue = set(release_review_queue(user=user))
        allowed = {
            r
            for r in (own, edited, plain)
            if RELEASE_WORKFLOW.refusal_for("approve", Release.objects.get(pk=r.pk), user) is None
        }
        assert queue == allowed, user
    assert set(release_review_queue(user=sekretaris)) == {edited, plain}
    assert set(release_review_queue(user=sekretaris2)) == {plain}
    assert set(release_review_queue(user=kepala)) == {own, edited, plain}


def test_the_view_refuses_the_author_and_says_why(client, make_release, sekretaris, sekretaris2):
    release = make_release(author=sekretaris)
    services.release_submit(release=release, actor=sekretaris2)
    client.force_login(sekretaris)
    detail = client.get(reverse("staff_releases:detail", args=[release.pk]))
    body = detail.content.decode()
    assert "approve" not in detail.context["actions"] and "reject" not in detail.context["actions"]
    assert 'data-action="approve"' not in body and 'data-action="reject"' not in body
    assert 'data-testid="review-refusal"' in body and "Anda penulis naskah ini" in body
    # Pressing the button anyway (a crafted POST): refused by the service, nothing changes.
    response = client.post(reverse("staff_releases:action", args=[release.pk, "approve"]), follow=True)
    assert "persetujuan harus oleh orang lain" in response.content.decode()
    response = client.post(
        reverse("staff_releases:action", args=[release.pk, "reject"]), {"comment": "x"}, follow=True
    )
    assert "persetujuan harus oleh orang lain" in response.content.decode()
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW and not AuditEntry.objects.filter(action="release.approve").exists()


def test_the_view_refuses_an_editor(client, make_release, staf, sekretaris2):
    release = make_release(author=staf)
    services.release_update(release=release, actor=sekretaris2, data={"title": "Disunting tiga"})
    services.release_submit(release=release, actor=staf)
    client.force_login(sekretaris2)
    body = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-action="approve"' not in body and "mengubah isi" in body
    client.post(reverse("staff_releases:action", args=[release.pk, "approve"]))
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW


def test_publish_scheduled_is_the_systems_move_only(release_in_state, kepala):
    from datetime import timedelta

    from django.utils import timezone

    release = release_in_state(S.SCHEDULED)
    Release.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    # Kepala may publish, but not through beat's move (it skips no check for a person).
    with pytest.raises(Refusal) as exc:
        services.release_publish_scheduled(release=release, actor=kepala)
    assert exc.value.code == "permission"
    # Not even with the beat actor's name typed as something else.
    with pytest.raises(Refusal):
        services.release_publish_scheduled(release=release, actor="system:other")
    published = services.release_publish_scheduled(release=release)
    assert published.status == S.PUBLISHED
    entry = AuditEntry.objects.get(action="release.publish_scheduled")
    assert entry.actor is None and entry.actor_repr == "system:beat"


def test_publish_scheduled_refuses_a_release_not_yet_due(release_in_state):
    release = release_in_state(S.SCHEDULED)  # due in two hours
    with pytest.raises(Refusal) as exc:
        services.release_publish_scheduled(release=release)
    assert exc.value.code == "not_due"
    release.refresh_from_db()
    assert release.status == S.SCHEDULED
