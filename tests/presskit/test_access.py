"""Who may download a kit: the public only while the release is public, staff any time."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from releases.presskit.models import PressKit
from releases.presskit.selectors import presskit_public_url, presskit_staff_status
from releases.presskit.services import presskit_render, presskit_request
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def ready_kit(release, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)
    return presskit_render(kit_id=kit.pk)


def public_url(release):
    return reverse("presskit:download", kwargs={"slug": release.slug})


def test_public_download_only_when_public(client, make_release, django_capture_on_commit_callbacks, settings):
    settings.HUMAS_SITE_URL = "https://humas.example.go.id"
    public = make_release(photos=1, public=True)
    draft = make_release(photos=0)
    embargoed = make_release(photos=0, embargo_until=timezone.now() + timedelta(hours=3))
    for release in (public, draft, embargoed):
        assert ready_kit(release, django_capture_on_commit_callbacks).status == PressKit.Status.READY

    response = client.get(public_url(public))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert presskit_public_url(public) == f"https://humas.example.go.id/press-kit/{public.slug}.pdf"

    for release in (draft, embargoed):
        response = client.get(public_url(release))
        assert response.status_code == 404
        assert release.title.encode() not in response.content
        assert presskit_public_url(release) is None
    assert client.get("/press-kit/tidak-ada.pdf").status_code == 404

    # The file itself sits under an unguessable name.
    kit = PressKit.objects.get(release=draft)
    assert len(kit.file.name.rsplit("/", 1)[-1]) > 30


def test_public_url_missing_until_current_kit_ready(client, make_release, django_capture_on_commit_callbacks):
    release = make_release(photos=0, public=True)
    assert presskit_public_url(release) is None  # never rendered
    # A public GET never asks for a render: no kit yet is a calm 404.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(public_url(release))
    assert response.status_code == 404 and "belum tersedia" in response.content.decode()
    assert not callbacks and not PressKit.objects.filter(release=release).exists()
    # Once publication (or staff) requested one, visitors are told it is on its way.
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)
    response = client.get(public_url(release))
    assert response.status_code == 503 and response["Retry-After"]
    assert "sedang disiapkan" in response.content.decode()
    presskit_render(kit_id=kit.pk)
    assert client.get(public_url(release)).status_code == 200
    assert presskit_public_url(release)

    # After a correction the old kit no longer matches: no link until the new one is ready.
    release.summary = "Ringkasan yang dikoreksi."
    release.save()
    assert presskit_public_url(release) is None


def test_staff_may_download_any_state(client, staff_perms, make_release, django_capture_on_commit_callbacks):
    release = make_release(photos=0, embargo_until=timezone.now() + timedelta(days=2))
    kit = ready_kit(release, django_capture_on_commit_callbacks)
    client.force_login(staff_perms["staf"])
    response = client.get(reverse("staff_presskit:download", kwargs={"release_pk": release.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("staff_presskit:download_kit", kwargs={"kit_pk": kit.pk})).status_code == 200

    page = client.get(reverse("staff_presskit:state", kwargs={"release_pk": release.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="ready"' in html and "Unduh PDF" in html and "Render sekarang" in html

    # A draft never rendered: the state page says so, the download is 404.
    draft = make_release(photos=0)
    status = presskit_staff_status(draft)
    assert status.state == "none" and status.download_url is None
    assert client.get(reverse("staff_presskit:download", kwargs={"release_pk": draft.pk})).status_code == 404


def test_render_now_queues_once_then_reports_up_to_date(
    client, staff_perms, make_release, django_capture_on_commit_callbacks
):
    release = make_release(photos=0)
    client.force_login(staff_perms["sekretaris"])
    url = reverse("staff_presskit:render", kwargs={"release_pk": release.pk})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url)
    assert response.status_code == 302 and len(callbacks) == 1
    kit = PressKit.objects.get(release=release)
    assert presskit_staff_status(release).state == "pending"
    presskit_render(kit_id=kit.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, follow=True)
    assert callbacks == []
    assert "sudah mutakhir" in response.content.decode()
    assert client.get(url).status_code == 405


def test_failed_state_shows_the_reason(client, staff_perms, make_release, monkeypatch):
    release = make_release(photos=0)
    kit = PressKit.objects.create(
        release=release, input_hash="0" * 64, status=PressKit.Status.FAILED, error="x"
    )
    monkeypatch.setattr("releases.presskit.selectors.presskit_input_hash", lambda inputs: kit.input_hash)
    kit.error = "Render gagal: gambar rusak"
    kit.save()
    client.force_login(staff_perms["kepala"])
    html = client.get(reverse("staff_presskit:state", kwargs={"release_pk": release.pk})).content.decode()
    assert 'data-state="failed"' in html and "Render gagal: gambar rusak" in html


@pytest.mark.parametrize("who", ["outsider", "ppid", "anonymous"])
def test_others_see_nothing_of_staff_pages(client, who, request, make_release, staff_perms):
    release = make_release(photos=0)
    kit = PressKit.objects.create(release=release, input_hash="1" * 64)
    urls = [
        reverse("staff_presskit:state", kwargs={"release_pk": release.pk}),
        reverse("staff_presskit:download", kwargs={"release_pk": release.pk}),
        reverse("staff_presskit:download_kit", kwargs={"kit_pk": kit.pk}),
    ]
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
        else:
            assert response.status_code == 404
    response = client.post(reverse("staff_presskit:render", kwargs={"release_pk": release.pk}))
    assert response.status_code in (302, 404)
    assert PressKit.objects.filter(release=release).count() == 1


def test_staff_login_flow_uses_real_password(client, staff_perms, make_release):
    release = make_release(photos=0)
    assert client.login(username=staff_perms["staf"].username, password=PASSWORD)
    assert client.get(reverse("staff_presskit:state", kwargs={"release_pk": release.pk})).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_publish_hook_renders_in_the_pdf_queue_with_a_real_worker(celery_worker, make_release):
    release = make_release(photos=2, public=True)
    with transaction.atomic():  # as the releases publish service calls it
        kit = presskit_request(release=release, actor=None)
    deadline = time.time() + 60
    while time.time() < deadline:
        kit.refresh_from_db()
        if kit.status != PressKit.Status.PENDING:
            break
        time.sleep(0.2)
    assert kit.status == PressKit.Status.READY, kit.error
    assert kit.page_count >= 2
    assert presskit_public_url(release)
    # Requested again, unchanged: the cached kit, no second render.
    again = presskit_request(release=release)
    assert again.pk == kit.pk and again.rendered_at == kit.rendered_at
    assert PressKit.objects.filter(release=release).count() == 1


def test_task_routes_to_pdf_queue():
    from humas.celery import app
    from releases.presskit.tasks import presskit_render_task

    assert presskit_render_task.name == "releases.tasks.presskit_render"
    assert app.amqp.router.route({}, presskit_render_task.name)["queue"].name == "pdf"
    assert presskit_render_task.soft_time_limit and presskit_render_task.time_limit


def test_admin_lists_kits_read_only_and_links_the_checked_download(client, make_user, make_release):
    from django.core.files.base import ContentFile

    release = make_release(photos=0)
    ready = PressKit.objects.create(release=release, input_hash="a" * 64, status=PressKit.Status.READY)
    ready.file.save("kit.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    PressKit.objects.create(
        release=release, input_hash="b" * 64, status=PressKit.Status.FAILED, error="rusak"
    )
    client.force_login(make_user("admin_humas", is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:releases_presskit_changelist"))
    assert listing.status_code == 200
    assert listing.content.decode().count(release.title) >= 2
    page = client.get(reverse("admin:releases_presskit_change", args=[ready.pk])).content.decode()
    assert reverse("staff_presskit:download_kit", args=[ready.pk]) in page
    assert ready.file.name not in page  # never the storage path
    # Read-only: kits are made only by the press-kit services.
    assert client.get(reverse("admin:releases_presskit_add")).status_code == 403
    response = client.post(reverse("admin:releases_presskit_delete", args=[ready.pk]), {"post": "yes"})
    assert response.status_code == 403 and PressKit.objects.filter(pk=ready.pk).exists()


def test_anonymous_get_writes_nothing(client, make_release, django_capture_on_commit_callbacks):
    """Issue 22: a crawler walking press-kit URLs must not create rows, queue renders or write
    audit entries (the old view requested a kit for every missing one)."""
    from kernel.models import AuditEntry

    release = make_release(photos=0, public=True)
    PressKit.objects.filter(release=release).delete()
    kits, audits = PressKit.objects.count(), AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(3):
            assert client.get(public_url(release)).status_code == 404
    assert PressKit.objects.count() == kits
    assert AuditEntry.objects.count() == audits
    assert callbacks == []
