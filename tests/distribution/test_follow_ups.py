"""Follow-ups from the report: a correction reaches everyone who received the original, once;
a resend reaches exactly those whose delivery failed temporarily, never someone already
delivered; an embargo notice reaches those who got the release. Opt-outs since are honoured."""

import pytest
from django.urls import reverse

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.sending import send_batch
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def _send(dist):
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    services.distribution_finalize(distribution_id=dist.pk)
    dist.refresh_from_db()
    return dist


def _start_and_send(dist, actor):
    services.distribution_start(actor=actor, distribution=dist)
    return _send(dist)


@pytest.fixture
def sent_original(smtp_sink, sekretaris, release_factory, journalists, settings):
    """The original: people 0 and 1 received it, 2 failed temporarily (451 on the only attempt),
    3 failed for good (550); 4 (opted out) and 5 (erased) never had a row."""
    settings.HUMAS_MAIL_MAX_ATTEMPTS = 1
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    people = journalists["people"]
    smtp_sink.reject[people[2].email] = "451 4.3.0 Coba lagi nanti"
    smtp_sink.reject[people[3].email] = "550 5.1.1 Kotak surat tidak ada"
    release = release_factory(status="published")
    original = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    _start_and_send(original, sekretaris)
    status = dict(original.deliveries.values_list("journalist_id", "status"))
    assert status == {
        people[0].pk: "sent",
        people[1].pk: "sent",
        people[2].pk: "failed",
        people[3].pk: "failed",
    }
    smtp_sink.reject.clear()
    smtp_sink.messages.clear()
    return original, people


def _to(smtp_sink):
    return sorted(m["to"][0] for m in smtp_sink.messages)


def test_correction_reaches_every_recipient_of_the_original_once(sent_original, smtp_sink, sekretaris):
    original, people = sent_original
    correction = services.distribution_follow_up_create(
        original=original, kind="correction", actor=sekretaris
    )
    assert correction.follow_up_of == original and correction.status == Distribution.Status.DRAFT
    assert correction.subject.startswith("[Koreksi] ")
    _start_and_send(correction, sekretaris)
    assert _to(smtp_sink) == sorted([people[0].email, people[1].email])
    for item in smtp_sink.messages:
        msg = item["message"]
        assert msg["Subject"].startswith("[Koreksi] ")
        assert "Koreksi: surat ini menggantikan" in msg.get_body(("plain",)).get_content()
        assert "Koreksi: surat ini menggantikan" in msg.get_body(("html",)).get_content()
    assert AuditEntry.objects.filter(
        action="distribution.follow_up_create", object_id=str(correction.pk)
    ).exists()
    # Nobody gets a second correction of the same original.
    with pytest.raises(Refusal) as refused:
        services.distribution_follow_up_create(original=original, kind="correction", actor=sekretaris)
    assert refused.value.code == "no_recipients"


def test_resend_reaches_only_temporary_failures_and_never_the_delivered(sent_original, smtp_sink, sekretaris):
    original, people = sent_original
    resend = services.distribution_follow_up_create(original=original, kind="resend", actor=sekretaris)
    _start_and_send(resend, sekretaris)
    # Not 0 and 1 (delivered), not 3 (550: permanent), not 4/5 (opted out, erased).
    assert _to(smtp_sink) == [people[2].email]
    assert not smtp_sink.messages[0]["message"]["Subject"].startswith("[")
    with pytest.raises(Refusal):
        services.distribution_follow_up_create(original=original, kind="resend", actor=sekretaris)
    # Whoever the resend reached has now received the original: a correction reaches them too.
    smtp_sink.messages.clear()
    correction = services.distribution_follow_up_create(original=resend, kind="correction", actor=sekretaris)
    assert correction.follow_up_of == original  # follow-ups hang on the first send
    _start_and_send(correction, sekretaris)
    assert _to(smtp_sink) == sorted([people[0].email, people[1].email, people[2].email])


def test_a_second_correction_goes_only_to_who_has_not_had_one(sent_original, smtp_sink, sekretaris):
    original, people = sent_original
    _start_and_send(
        services.distribution_follow_up_create(original=original, kind="correction", actor=sekretaris),
        sekretaris,
    )
    resend = services.distribution_follow_up_create(original=original, kind="resend", actor=sekretaris)
    _start_and_send(resend, sekretaris)
    smtp_sink.messages.clear()
    second = services.distribution_follow_up_create(original=original, kind="correction", actor=sekretaris)
    _start_and_send(second, sekretaris)
    assert _to(smtp_sink) == [people[2].email]


def test_embargo_notice_and_opt_outs_since_the_original(sent_original, smtp_sink, sekretaris):
    from contacts.models import Journalist

    original, people = sent_original
    Journalist.objects.filter(pk=people[1].pk).update(do_not_contact=True)
    notice = services.distribution_follow_up_create(original=original, kind="embargo", actor=sekretaris)
    # One open notice of a kind at a time.
    with pytest.raises(Refusal) as refused:
        services.distribution_follow_up_create(original=original, kind="embargo", actor=sekretaris)
    assert refused.value.code == "open_follow_up"
    _start_and_send(notice, sekretaris)
    assert _to(smtp_sink) == [people[0].email]
    assert smtp_sink.messages[0]["message"]["Subject"].startswith("[Perubahan embargo] ")
    assert set(notice.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_follow_up_needs_a_sent_original_and_the_send_permission(
    smtp_sink, sekretaris, staf, release_factory, journalists
):
    draft = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    with pytest.raises(Refusal) as refused:
        services.distribution_follow_up_create(original=draft, kind="correction", actor=sekretaris)
    assert refused.value.code == "not_sent"
    with pytest.raises(Refusal):
        services.distribution_follow_up_create(original=draft, kind="nonsense", actor=sekretaris)
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, Refusal)):
        services.distribution_follow_up_create(original=draft, kind="correction", actor=staf)


def test_follow_up_page_shows_the_count_and_needs_a_confirmation(client, sent_original, sekretaris, staf):
    original, people = sent_original
    url = reverse("distribution:follow_up_create", args=[original.pk])
    assert url == f"/staf/distribusi/{original.pk}/tindak-lanjut/"
    client.force_login(sekretaris)
    report = client.get(reverse("staff_distribution:report", args=[original.pk])).content.decode()
    assert f"{url}?jenis=correction" in report and f"{url}?jenis=resend" in report
    page = client.get(url, {"jenis": "resend"}).content.decode()
    assert "1 penerima" in page and "0 dilewati karena sudah menerimanya" in page
    assert client.get(url, {"jenis": "lain"}).status_code == 404
    # Without the confirmation nothing is made.
    client.post(url + "?jenis=correction", {})
    assert not Distribution.objects.filter(follow_up_of=original).exists()
    response = client.post(url + "?jenis=correction", {"confirm": "1"})
    correction = Distribution.objects.get(follow_up_of=original)
    assert response.status_code == 302 and response["Location"] == correction.get_absolute_url()
    detail = client.get(correction.get_absolute_url()).content.decode()
    assert "[Koreksi]" in detail and 'name="expected" value="2"' in detail
    client.force_login(staf)
    assert client.get(url, {"jenis": "resend"}).status_code == 404
