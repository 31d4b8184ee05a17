import pytest
from django.urls import reverse

from distribution import services
from distribution.models import Delivery, Distribution
from distribution.sending import send_batch
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_pages_answer_404_to_people_without_the_permission(client, outsider, ppid, staf, release_factory):
    release = release_factory()
    for user in (outsider, ppid):
        client.force_login(user)
        assert client.get(reverse("staff_distribution:list")).status_code == 404
    client.force_login(staf)
    assert client.get(reverse("staff_distribution:list")).status_code == 200
    # Staf Humas may look, never send.
    assert client.get(reverse("staff_distribution:create") + f"?release={release.pk}").status_code == 404


def test_create_flow_preview_test_and_start(client, sekretaris, release_factory, journalists, smtp_sink):
    release = release_factory()
    client.force_login(sekretaris)
    url = reverse("staff_distribution:create") + f"?release={release.pk}"
    assert client.get(url).status_code == 200
    lists = [str(cl.pk) for cl in journalists["lists"]]
    count = client.get(
        reverse("staff_distribution:recipient_count"), {"lists": lists}, HTTP_HX_REQUEST="true"
    )
    assert "4 penerima" in count.content.decode()
    assert "2 dikecualikan" in count.content.decode() and "1 alamat ganda" in count.content.decode()
    # Nothing chosen: a clear message, nothing written.
    response = client.post(url, {"when": "now"})
    assert response.status_code == 200 and "Pilih setidaknya satu" in response.content.decode()
    assert not Distribution.objects.exists()
    response = client.post(url, {"lists": lists, "when": "now"})
    dist = Distribution.objects.get()
    assert response.status_code == 302 and response["Location"] == dist.get_absolute_url()
    page = client.get(dist.get_absolute_url()).content.decode()
    assert "Pratinjau surat" in page and "Yth. Wartawan 0," in page and release.title in page
    html = client.get(reverse("staff_distribution:preview_html", args=[dist.pk]))
    assert "Yth. Wartawan 0," in html.content.decode() and "sandbox" in page
    assert "default-src 'none'" in html["Content-Security-Policy"]
    assert 'name="expected" value="4"' in page
    # The send needs the confirmation of the figure, checked on the server.
    start = reverse("staff_distribution:start", args=[dist.pk])
    client.post(start)
    client.post(start, {"confirm": "1", "expected": "5"})
    dist.refresh_from_db()
    assert dist.status == "draft" and not dist.deliveries.exists()
    response = client.post(start, {"confirm": "1", "expected": "4"})
    dist.refresh_from_db()
    assert dist.status == "sending" and dist.deliveries.count() == 4


def test_scheduled_in_the_past_is_refused(client, sekretaris, release_factory, journalists):
    client.force_login(sekretaris)
    url = reverse("staff_distribution:create") + f"?release={release_factory().pk}"
    response = client.post(
        url, {"lists": [journalists["lists"][0].pk], "when": "later", "scheduled_at": "2020-01-01T10:00"}
    )
    assert "harus di masa depan" in response.content.decode()
    assert not Distribution.objects.exists()


def test_draft_or_unknown_release_is_404(client, sekretaris, release_factory):
    client.force_login(sekretaris)
    draft = release_factory(status="draft")
    for value in (draft.pk, 999999, "abc"):
        assert client.get(reverse("staff_distribution:create") + f"?release={value}").status_code == 404


def test_staf_can_not_post_actions(client, staf, sekretaris, release_factory, journalists):
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    client.force_login(staf)
    for name in ("start", "pause", "resume", "cancel", "send_test"):
        assert client.post(reverse(f"staff_distribution:{name}", args=[dist.pk])).status_code == 404
    dist.refresh_from_db()
    assert dist.status == "draft"


def test_progress_report_and_csv(client, sekretaris, release_factory, journalists, smtp_sink, settings):
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    people = journalists["people"]
    people[0].name = '=HYPERLINK("http://jahat.example","klik")'
    people[0].save()
    smtp_sink.reject[people[2].email] = "550 5.1.1 tidak ada"
    dist = services.distribution_create(
        actor=sekretaris, source=release_factory(), lists=journalists["lists"]
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    services.distribution_finalize(distribution_id=dist.pk)
    client.force_login(sekretaris)
    progress = client.get(reverse("staff_distribution:progress", args=[dist.pk])).content.decode()
    assert 'data-count="sent">3<' in progress and 'data-count="failed">1<' in progress and "100%" in progress
    assert "hx-trigger" not in progress  # completed: polling stops
    report = client.get(
        reverse("staff_distribution:report", args=[dist.pk]), {"status": "failed"}
    ).content.decode()
    assert people[2].email in report and people[0].email not in report
    csv_response = client.post(reverse("staff_distribution:report_csv", args=[dist.pk]))
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")  # kernel.exports: BOM for Excel
    lines = body.strip().splitlines()
    # Labels in the UI's language, not codes; times in WIB.
    assert lines[0].startswith("Nama,E-mail,Media,Status,Alasan") and len(lines) == 5
    assert ",Terkirim," in body and ",Gagal," in body and ",sent," not in body and " WIB," in body
    # A spreadsheet must not run a formula from a contact's name.
    assert "'=HYPERLINK" in body and ',"=HYPERLINK' not in body
    # A download of personal data is audited (who, which distribution, which filter).
    entry = AuditEntry.objects.get(action="distribution.report_export", object_id=str(dist.pk))
    assert entry.actor_id == sekretaris.pk and entry.data["format"] == "csv"


def test_list_page_has_no_n_plus_one(
    client, sekretaris, release_factory, journalists, django_assert_max_num_queries
):
    for _ in range(5):
        dist = services.distribution_create(
            actor=sekretaris, source=release_factory(), lists=journalists["lists"]
        )
        services.distribution_start(actor=sekretaris, distribution=dist)
    client.force_login(sekretaris)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff_distribution:list"))
    assert response.status_code == 200 and response.content.decode().count("dist-status-sending") == 5
    # A fixed number per page, whatever the rows: the engagement figures and one count per
    # follow-up kind are a handful of queries more than the table.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("staff_distribution:report", args=[dist.pk]))
    assert response.content.decode().count("delivery-queued") == 4
    assert Delivery.objects.count() == 20
