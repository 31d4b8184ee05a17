"""Staff mail of releases goes through the kernel's notification ledger (kernel.notifications):
one Notification row per recipient, written with the change and sent after commit, so a mail
that could not be delivered stays visible as a row."""

import pytest

from kernel.models import Notification
from kernel.notifications import notification_deliver_one
from releases import services

pytestmark = pytest.mark.django_db
N = Notification.Status


def _deliver(rows):
    return [notification_deliver_one(row.pk) for row in rows]


def test_submit_asks_every_second_pair_of_eyes(
    make_release, staf, sekretaris, sekretaris2, kepala, django_capture_on_commit_callbacks
):
    release = make_release(author=staf)
    # sekretaris2 edits the draft: she is one of its editors now, not a reviewer of it.
    services.release_update(release=release, actor=sekretaris2, data={"title": "Judul disunting"})
    with django_capture_on_commit_callbacks() as callbacks:
        services.release_submit(release=release, actor=staf)
    rows = list(Notification.objects.filter(kind="release.review_request").order_by("to_address"))
    assert {row.recipient for row in rows} == {sekretaris, kepala}
    assert len(callbacks) >= 1  # the delivery is queued after commit, not sent inside it
    row = rows[0]
    assert row.status == N.QUEUED and row.object_id == str(release.pk)
    assert row.subject == "Mohon persetujuan siaran pers: Judul disunting"
    assert "mengajukan siaran pers" in row.body
    assert f"/staf/siaran-pers/{release.pk}/" in row.body


def test_review_request_reaches_the_reviewers_mailbox(make_release, staf, sekretaris, kepala, smtp_sink):
    release = make_release(author=staf)
    services.release_submit(release=release, actor=staf)
    rows = list(Notification.objects.filter(kind="release.review_request"))
    assert _deliver(rows) == ["sent", "sent"]
    messages = smtp_sink.wait_for(2)
    assert sorted(m["to"][0] for m in messages) == sorted([sekretaris.email, kepala.email])
    msg = messages[0]["message"]
    assert msg["Subject"].startswith("Mohon persetujuan siaran pers")
    assert f"/staf/siaran-pers/{release.pk}/" in msg.get_content()
    assert set(Notification.objects.values_list("status", flat=True)) == {N.SENT}


def test_rejection_and_approval_mail_the_author(make_release, staf, sekretaris, smtp_sink):
    release = make_release()
    services.release_submit(release=release, actor=staf)
    Notification.objects.all().delete()  # the review requests: tested above
    services.release_reject(release=release, actor=sekretaris, comment="Periksa angka korban.")
    rejected = list(Notification.objects.filter(kind="release.rejected"))
    assert [row.recipient for row in rejected] == [staf]
    assert _deliver(rejected) == ["sent"]
    first = smtp_sink.wait_for(1)[0]
    assert first["to"] == [staf.email]
    assert "dikembalikan" in first["message"]["Subject"]
    assert "Periksa angka korban." in first["message"].get_content()

    services.release_submit(release=release, actor=staf)
    services.release_approve(release=release, actor=sekretaris, comment="Bagus.")
    approved = list(Notification.objects.filter(kind="release.approved"))
    assert _deliver(approved) == ["sent"]
    second = smtp_sink.wait_for(2)[1]["message"]
    release.refresh_from_db()
    assert "disetujui" in second["Subject"] and release.number in second.get_content()


def test_submitter_other_than_author_is_told_too(make_release, staf, sekretaris, sekretaris2):
    release = make_release(author=staf)
    services.release_submit(release=release, actor=sekretaris2)
    services.release_approve(release=release, actor=sekretaris)
    rows = Notification.objects.filter(kind="release.approved")
    assert {row.recipient for row in rows} == {staf, sekretaris2}


def test_a_refused_mail_stays_visible_as_a_failed_row(make_release, staf, sekretaris, smtp_sink):
    release = make_release()
    services.release_submit(release=release, actor=staf)
    Notification.objects.all().delete()
    smtp_sink.reject[staf.email] = "550 5.1.1 mailbox unavailable"
    services.release_reject(release=release, actor=sekretaris, comment="Lengkapi data.")
    row = Notification.objects.get(kind="release.rejected")
    assert notification_deliver_one(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == N.FAILED and "550" in row.last_error
    assert smtp_sink.messages == []


def test_a_temporary_failure_stays_queued_for_a_retry(make_release, staf, sekretaris, smtp_sink):
    release = make_release()
    services.release_submit(release=release, actor=staf)
    Notification.objects.all().delete()
    smtp_sink.reject[staf.email] = "451 4.3.0 try again later"
    services.release_reject(release=release, actor=sekretaris, comment="Lengkapi data.")
    row = Notification.objects.get(kind="release.rejected")
    assert notification_deliver_one(row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == N.QUEUED and row.attempts == 1 and "451" in row.last_error


def test_a_refused_action_writes_no_notification(make_release, sekretaris):
    from kernel.refusal import Refusal

    release = make_release(author=sekretaris)
    services.release_submit(release=release, actor=sekretaris)
    before = Notification.objects.count()
    with pytest.raises(Refusal):
        services.release_approve(release=release, actor=sekretaris)
    assert Notification.objects.count() == before
