import pytest

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.selectors import distribution_recipients_preview
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def test_create_and_start_write_one_row_per_contactable_recipient(
    sekretaris, release_factory, journalists, django_capture_on_commit_callbacks
):
    release = release_factory()
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    assert dist.status == Distribution.Status.DRAFT
    assert dist.subject == release.title
    assert not Delivery.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        dist = services.distribution_start(actor=sekretaris, distribution=dist)
    assert dist.status == Distribution.Status.SENDING
    rows = Delivery.objects.filter(distribution=dist)
    people = journalists["people"]
    # w1 is on both lists (one row); w4 opted out and w5 erased get no row.
    assert sorted(rows.values_list("journalist_id", flat=True)) == [p.pk for p in people[:4]]
    assert set(rows.values_list("status", flat=True)) == {"queued"}
    assert len(callbacks) == 1  # tasks queued only after commit
    assert AuditEntry.objects.filter(action="distribution.start", object_id=str(dist.pk)).exists()


def test_only_sekretaris_and_kepala_may_send(staf, kepala, release_factory, journalists):
    release = release_factory()
    with pytest.raises(Refusal):
        services.distribution_create(actor=staf, source=release, lists=journalists["lists"])
    dist = services.distribution_create(actor=kepala, source=release, lists=journalists["lists"])
    with pytest.raises(Refusal):
        services.distribution_start(actor=staf, distribution=dist)
    with pytest.raises(Refusal):
        services.distribution_start(actor="beat", distribution=dist)
    services.distribution_start(actor="system:beat", distribution=dist)


def test_draft_release_can_not_be_sent(sekretaris, release_factory, journalists):
    release = release_factory(status="draft")
    with pytest.raises(Refusal):
        services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])


def test_start_twice_is_refused(sekretaris, release_factory, journalists):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    with pytest.raises(Refusal):
        services.distribution_start(actor=sekretaris, distribution=dist)
    assert Delivery.objects.filter(distribution=dist).count() == 4


def test_recipient_preview_counts(journalists):
    preview = distribution_recipients_preview(lists=journalists["lists"], segments=[], journalists=[])
    count, excluded, duplicates = preview
    assert (count, excluded, duplicates) == (4, 2, 1)


def test_send_test_is_audited_queued_after_commit_and_refused_politely(
    sekretaris, staf, release_factory, journalists, django_capture_on_commit_callbacks
):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        services.distribution_send_test(actor=sekretaris, distribution=dist, to_email="saya@example.go.id")
    assert len(callbacks) == 1  # the distribution's own send_test task, after commit
    entry = AuditEntry.objects.get(action="distribution.send_test")
    assert entry.data == {"to": "saya@example.go.id"}
    with pytest.raises(Refusal) as exc:
        services.distribution_send_test(actor=sekretaris, distribution=dist, to_email="bukan-alamat")
    assert exc.value.field == "to_email"
    with pytest.raises(Refusal):
        services.distribution_send_test(actor=staf, distribution=dist, to_email="saya@example.go.id")
    assert not Delivery.objects.exists()
