"""The report page's last pieces (issues 16 and 17): a big delivery report is written by a worker
(never a long request), the release's WhatsApp text is on the report, and openings of the
embargo room are counted in aggregate on the send's report."""

import pytest
from django.urls import reverse

from distribution import engagement, services
from distribution.sending import send_batch
from kernel import exportjobs
from kernel.models import ExportJob

pytestmark = pytest.mark.django_db


def _sent(sekretaris, release_factory, journalists, **release):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(**release), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    return dist


def test_a_big_delivery_report_runs_in_the_background(
    client, sekretaris, release_factory, journalists, smtp_sink, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    dist = _sent(sekretaris, release_factory, journalists)
    monkeypatch.setattr(exportjobs, "EXPORT_INLINE_MAX_ROWS", 2)
    client.force_login(sekretaris)
    response = client.post(reverse("staff_distribution:report_csv", args=[dist.pk]))
    job = ExportJob.objects.get(kind="distribution.report")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    exportjobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.done == dist.deliveries.count()
    body = b"".join(client.get(reverse("staff:export_download", args=[job.pk])).streaming_content)
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nama,E-mail,Media,Status")
    assert ",Terkirim," in text  # labels, not codes


def test_the_report_offers_the_whatsapp_text(client, sekretaris, release_factory, journalists, smtp_sink):
    dist = _sent(sekretaris, release_factory, journalists)
    client.force_login(sekretaris)
    page = client.get(reverse("staff_distribution:report", args=[dist.pk])).content.decode()
    assert 'data-testid="report-whatsapp"' in page
    assert "https://wa.me/?text=" in page and f"*{dist.source.title}*" in page


def test_embargo_room_openings_are_counted_on_the_report(
    client, sekretaris, release_factory, journalists, smtp_sink
):
    from releases.selectors import EmbargoRoomAccess
    from releases.services import embargo_room_opening_record

    dist = _sent(sekretaris, release_factory, journalists)
    delivery = dist.deliveries.order_by("pk").first()
    access = EmbargoRoomAccess(
        release=dist.source, journalist_id=delivery.journalist_id, delivery_id=delivery.pk
    )
    embargo_room_opening_record(access=access, what="page")
    embargo_room_opening_record(access=access, what="page")
    embargo_room_opening_record(access=access, what="photo")  # a photo is not a page opening
    assert dict(engagement.page_open_counts(dist)) == {"embargo_room": 2}
    client.force_login(sekretaris)
    page = client.get(reverse("staff_distribution:report", args=[dist.pk])).content.decode()
    assert "Ruang embargo dibuka" in page
