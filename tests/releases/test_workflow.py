from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.models import AuditEntry, OrganisationProfile
from kernel.refusal import Refusal
from releases import services
from releases.models import Release

pytestmark = pytest.mark.django_db
S = Release.Status


def _users(role_users, sekretaris2):
    from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

    return {
        "staf": role_users[STAF],
        "sekretaris": role_users[SEKRETARIS],
        "sekretaris2": sekretaris2,
        "kepala": role_users[KEPALA],
        "ppid": role_users[PPID],
    }


# (action, starting status, who may) — everyone else is refused with a message.
MATRIX = [
    ("submit", S.DRAFT, {"staf", "sekretaris", "sekretaris2", "kepala"}),
    ("approve", S.IN_REVIEW, {"sekretaris", "sekretaris2", "kepala"}),
    ("reject", S.IN_REVIEW, {"sekretaris", "sekretaris2", "kepala"}),
    ("publish", S.APPROVED, {"sekretaris", "sekretaris2", "kepala"}),
    ("schedule", S.APPROVED, {"sekretaris", "sekretaris2", "kepala"}),
    ("withdraw", S.PUBLISHED, {"sekretaris", "sekretaris2", "kepala"}),
    ("correct", S.PUBLISHED, {"sekretaris", "sekretaris2", "kepala"}),
    ("unpublish", S.PUBLISHED, {"kepala"}),
    ("update", S.DRAFT, {"staf", "sekretaris", "sekretaris2", "kepala"}),
]
ROLES = ["staf", "sekretaris", "sekretaris2", "kepala", "ppid", "outsider"]


def _do(action, release, actor):
    if action == "submit":
        return services.release_submit(release=release, actor=actor)
    if action == "approve":
        return services.release_approve(release=release, actor=actor)
    if action == "reject":
        return services.release_reject(release=release, actor=actor, comment="Perbaiki data.")
    if action == "publish":
        return services.release_publish(release=release, actor=actor)
    if action == "schedule":
        return services.release_schedule(
            release=release, actor=actor, publish_at=timezone.now() + timedelta(hours=1)
        )
    if action == "withdraw":
        return services.release_withdraw(release=release, actor=actor, reason="Keliru.")
    if action == "correct":
        return services.release_correct(
            release=release,
            actor=actor,
            change_note="Angka diperbaiki.",
            data={"title": release.title + " (koreksi)"},
        )
    if action == "unpublish":
        return services.release_unpublish(release=release, actor=actor, reason="Dibatalkan.")
    if action == "update":
        return services.release_update(release=release, actor=actor, data={"title": "Judul baru"})
    raise AssertionError(action)


@pytest.mark.parametrize("action,status,allowed", MATRIX, ids=[m[0] for m in MATRIX])
@pytest.mark.parametrize("who", ROLES)
def test_transition_per_role(
    action, status, allowed, who, release_in_state, role_users, sekretaris2, outsider
):
    users = _users(role_users, sekretaris2) | {"outsider": outsider}
    release = release_in_state(status)
    actor = users[who]
    before = AuditEntry.objects.count()
    if who in allowed:
        result = _do(action, release, actor)
        assert result.pk == release.pk
        assert AuditEntry.objects.count() > before
        assert AuditEntry.objects.filter(object_id=str(release.pk), action__startswith="release.").exists()
    else:
        with pytest.raises(Refusal) as exc:
            _do(action, release, actor)
        assert "tidak berwenang" in exc.value.message
        release.refresh_from_db()
        assert release.status == status
        assert AuditEntry.objects.count() == before


IMPOSSIBLE = [
    ("submit", S.IN_REVIEW),
    ("submit", S.PUBLISHED),
    ("approve", S.DRAFT),
    ("approve", S.PUBLISHED),
    ("reject", S.APPROVED),
    ("publish", S.DRAFT),
    ("publish", S.IN_REVIEW),
    ("publish", S.WITHDRAWN),
    ("withdraw", S.DRAFT),
    ("withdraw", S.WITHDRAWN),
    ("correct", S.DRAFT),
    ("unpublish", S.DRAFT),
    ("update", S.PUBLISHED),
    ("update", S.IN_REVIEW),
]


@pytest.mark.parametrize("action,status", IMPOSSIBLE)
def test_impossible_transition_answers_clearly(action, status, release_in_state, kepala):
    release = release_in_state(status)
    with pytest.raises(Refusal) as exc:
        _do(action, release, kepala)
    assert "tidak dapat" in exc.value.message
    assert release.get_status_display() in exc.value.message


def test_second_pair_of_eyes(make_release, sekretaris, sekretaris2):
    release = make_release(author=sekretaris)
    services.release_submit(release=release, actor=sekretaris)
    with pytest.raises(Refusal) as exc:
        services.release_approve(release=release, actor=sekretaris)
    assert "orang lain" in exc.value.message
    with pytest.raises(Refusal):
        services.release_reject(release=release, actor=sekretaris, comment="x")
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW
    approved = services.release_approve(release=release, actor=sekretaris2)
    assert approved.status == S.APPROVED
    assert approved.approved_by == sekretaris2


def test_review_queue_hides_own_submissions(make_release, sekretaris, sekretaris2, staf):
    from releases.selectors import release_review_queue

    own = make_release(author=sekretaris)
    services.release_submit(release=own, actor=sekretaris)
    other = make_release()
    services.release_submit(release=other, actor=staf)
    assert list(release_review_queue(user=sekretaris)) == [other]
    assert set(release_review_queue(user=sekretaris2)) == {own, other}
    assert list(release_review_queue(user=staf)) == []


def test_numbering_per_year_by_pattern(release_in_state):
    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemkot", "release_number_pattern": "{seq:03d}/HUMAS/{year}"}
    )
    a = release_in_state(S.APPROVED)
    b = release_in_state(S.APPROVED)
    year = timezone.localtime().year
    assert a.number == f"001/HUMAS/{year}"
    assert b.number == f"002/HUMAS/{year}"
    # Drafts and releases in review have no number yet.
    assert release_in_state(S.IN_REVIEW).number is None


def test_numbering_restarts_each_year(release_in_state):
    Release.objects.create(
        title="lama",
        slug="lama",
        author=release_in_state(S.DRAFT).author,
        number="099/HUMAS/2000",
        number_year=2000,
        number_seq=99,
    )
    r = release_in_state(S.APPROVED)
    assert r.number_seq == 1


def test_reject_requires_comment_and_returns_to_draft(release_in_state, sekretaris):
    r = release_in_state(S.IN_REVIEW)
    with pytest.raises(Refusal):
        services.release_reject(release=r, actor=sekretaris, comment="  ")
    r = services.release_reject(release=r, actor=sekretaris, comment="Tambahkan kutipan wali kota.")
    assert r.status == S.DRAFT and r.review_comment == "Tambahkan kutipan wali kota."
    entry = AuditEntry.objects.filter(action="release.reject").get()
    assert (entry.from_state, entry.to_state) == (S.IN_REVIEW, S.DRAFT)
    assert entry.data["comment"] == "Tambahkan kutipan wali kota."


def test_publish_with_running_embargo_schedules_for_embargo_end(release_in_state, sekretaris):
    embargo = timezone.now() + timedelta(hours=3)
    r = release_in_state(S.APPROVED, embargo_until=embargo)
    r = services.release_publish(release=r, actor=sekretaris)
    assert r.status == S.SCHEDULED and r.publish_at == embargo
    with pytest.raises(Refusal):
        services.release_schedule(release=r, actor=sekretaris, publish_at=embargo - timedelta(hours=1))


def test_schedule_in_the_past_refused(release_in_state, sekretaris):
    r = release_in_state(S.APPROVED)
    with pytest.raises(Refusal) as exc:
        services.release_schedule(
            release=r, actor=sekretaris, publish_at=timezone.now() - timedelta(minutes=1)
        )
    assert "masa depan" in exc.value.message


def test_correction_requires_note_and_makes_revision(release_in_state, sekretaris):
    r = release_in_state(S.PUBLISHED)
    with pytest.raises(Refusal):
        services.release_correct(release=r, actor=sekretaris, change_note="", data={"title": "x"})
    n = r.revisions.count()
    r = services.release_correct(
        release=r,
        actor=sekretaris,
        change_note="Jumlah posko diperbaiki dari 20 menjadi 25.",
        data={"body": "<p>25 posko</p>"},
    )
    assert r.revisions.count() == n + 1
    assert r.corrections.get().note == "Jumlah posko diperbaiki dari 20 menjadi 25."
    assert r.status == S.PUBLISHED and "25 posko" in r.body


def test_revisions_diff_and_restore(make_release, staf):
    from releases.selectors import release_revisions, revision_diff

    r = make_release(title="Judul pertama", body="<p>Posko dibuka di sepuluh kelurahan.</p>")
    r = services.release_update(
        release=r,
        actor=staf,
        data={"title": "Judul kedua", "body": "<p>Posko dibuka di dua puluh kelurahan.</p>"},
    )
    revs = release_revisions(r)
    assert [x.number for x in revs] == [2, 1]
    diff = {e["key"]: e["html"] for e in revision_diff(revs[1], revs[0])}
    assert "<del>sepuluh</del>" in diff["body"] and "<ins>dua puluh</ins>" in diff["body"]
    assert "<del>pertama</del>" in diff["title"]
    services.release_restore_revision(release=r, revision=revs[1], actor=staf)
    r.refresh_from_db()
    assert r.title == "Judul pertama" and "sepuluh" in r.body
    assert r.revisions.count() == 3
    assert AuditEntry.objects.filter(action="release.restore_revision").exists()


def test_diff_escapes_markup(make_release, staf):
    from releases.selectors import diff_words

    assert "<script>" not in diff_words("a", "<script>alert(1)</script>")


def test_validation_error_writes_nothing(make_release, staf):
    r = make_release()
    before = r.revisions.count()
    with pytest.raises(Refusal):
        services.release_update(release=r, actor=staf, data={"title": ""})
    r.refresh_from_db()
    assert r.title.startswith("Posko") and r.revisions.count() == before


def test_search_vector_stored_on_save(make_release):
    from django.contrib.postgres.search import SearchQuery

    r = make_release(title="Vaksinasi campak untuk balita")
    assert Release.objects.filter(
        pk=r.pk, search_vector=SearchQuery("vaksinasi", config="indonesian")
    ).exists()
