"""Withdraw and unpublish are confirmed on a page with counts before anything is written (a POST
without the confirm field is refused, whatever sent it); withdrawal reaches the press kit (a
re-render marked DITARIK, the older kits no longer public); an unpublished release's files
leave the public site."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from releases import services
from releases.models import Release

pytestmark = pytest.mark.django_db
S = Release.Status


def sent_distribution(release, *, n=3, failed=1):
    """A distribution of `release` of which `n` deliveries were sent (and `failed` failed)."""
    from contacts.models import Journalist
    from distribution.models import Delivery, Distribution

    distribution = Distribution.objects.create(
        source=release, kind="release", subject=release.title, status=Distribution.Status.COMPLETED
    )
    for i in range(n + failed):
        journalist = Journalist.objects.create(
            name=f"Wartawan {release.pk}-{i}", email=f"w{release.pk}x{i}@media.example.id"
        )
        Delivery.objects.create(
            distribution=distribution,
            journalist=journalist,
            email=journalist.email,
            status=Delivery.Status.SENT if i < n else Delivery.Status.FAILED,
        )
    return distribution


def test_withdraw_without_confirmation_shows_the_consequences_and_writes_nothing(
    release_in_state, sekretaris, client
):
    release = release_in_state(S.PUBLISHED)
    sent_distribution(release, n=4)
    client.force_login(sekretaris)
    url = reverse("staff_releases:action", args=[release.pk, "withdraw"])
    response = client.post(url, {"reason": "Data anggaran keliru."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "sudah terkirim ke 4 penerima" in page
    assert "DITARIK" in page and "tidak dapat diketahui" in page
    assert 'name="confirm" value="1"' in page and "Data anggaran keliru." in page
    release.refresh_from_db()
    assert release.status == S.PUBLISHED
    response = client.post(url, {"reason": "Data anggaran keliru.", "confirm": "1"})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == S.WITHDRAWN and release.withdrawn_reason == "Data anggaran keliru."


def test_unpublish_is_confirmed_with_counts(release_in_state, kepala, client, png_upload):
    from releases.models import ReleasePhoto

    release = release_in_state(S.PUBLISHED)
    ReleasePhoto.objects.create(release=release, image=png_upload(), alt="Posko")
    client.force_login(kepala)
    url = reverse("staff_releases:action", args=[release.pk, "unpublish"])
    page = client.post(url, {"reason": "Salah unggah."}).content.decode()
    assert "1 foto tidak lagi dapat diakses publik" in page and "belum terkirim" in page
    release.refresh_from_db()
    assert release.status == S.PUBLISHED
    client.post(url, {"reason": "Salah unggah.", "confirm": "1"})
    release.refresh_from_db()
    assert release.status == S.UNPUBLISHED


def _pdf_text(kit):
    with kit.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_withdrawn_release_kit_is_rendered_again_with_the_mark(
    release_in_state, sekretaris, client, django_capture_on_commit_callbacks
):
    from releases.presskit.models import PressKit
    from releases.presskit.selectors import presskit_current
    from releases.presskit.services import presskit_render

    release = release_in_state(S.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=False):
        from releases.presskit.services import presskit_request

        first = presskit_request(release=release)
    first = presskit_render(kit_id=first.pk)
    assert first.status == PressKit.Status.READY and "DITARIK" not in _pdf_text(first)
    old_file = first.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release = services.release_withdraw(release=release, actor=sekretaris, reason="Data anggaran keliru.")
    # The withdrawal's effects ask for a new kit (its inputs now carry the withdrawal).
    with django_capture_on_commit_callbacks(execute=False):
        for callback in callbacks:
            callback()
    kit = presskit_current(release)
    assert kit is not None and kit.pk != first.pk and kit.withdrawn
    kit = presskit_render(kit_id=kit.pk)
    assert kit.status == PressKit.Status.READY, kit.error
    text = _pdf_text(kit)
    assert "DITARIK" in text and "Data anggaran keliru." in text
    # Kept for a person to look at (pdftoppm var/test-artifacts/withdrawn-kit.pdf).
    from tests.presskit.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with kit.file.open("rb") as fh:
        (ARTIFACTS / "withdrawn-kit.pdf").write_bytes(fh.read())

    client.logout()
    public = client.get(reverse("presskit:download", kwargs={"slug": release.slug}))
    assert public.status_code == 200
    assert "DITARIK" in " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(b"".join(public.streaming_content))).pages
        ).split()
    )
    # The kit made before the withdrawal is not handed out any more.
    assert client.get(reverse("media", args=[old_file])).status_code == 404
    assert client.get(reverse("media", args=[kit.file.name])).status_code == 200


def test_unpublished_release_files_leave_the_public_site(
    release_in_state, kepala, sekretaris, client, png_upload, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases.models import ReleaseAttachment, ReleasePhoto
    from releases.presskit.services import presskit_render, presskit_request

    release = release_in_state(S.PUBLISHED)
    photo = ReleasePhoto.objects.create(release=release, image=png_upload(), alt="Posko")
    attachment = ReleaseAttachment.objects.create(
        release=release,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        title="Data",
        content_type="application/pdf",
    )
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)
    kit = presskit_render(kit_id=kit.pk)
    assert kit.status == "ready", kit.error
    names = [photo.image.name, attachment.file.name, kit.file.name]
    client.logout()
    for name in names:
        assert client.get(reverse("media", args=[name])).status_code == 200, name
    assert client.get(reverse("presskit:download", kwargs={"slug": release.slug})).status_code == 200

    services.release_unpublish(release=release, actor=kepala, reason="Salah unggah.")
    for name in names:
        assert client.get(reverse("media", args=[name])).status_code == 404, name
    assert client.get(reverse("presskit:download", kwargs={"slug": release.slug})).status_code == 404
    assert client.get(release.get_absolute_url()).status_code == 410
    # Staff still reach them.
    client.force_login(sekretaris)
    assert client.get(reverse("media", args=[photo.image.name])).status_code == 200


def test_withdraw_and_unpublish_buttons_lead_to_the_confirmation(release_in_state, kepala, client):
    release = release_in_state(S.PUBLISHED, embargo_until=None)
    client.force_login(kepala)
    page = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-testid="withdraw"' in page and 'data-testid="unpublish"' in page
    assert timezone.now() - timedelta(days=1) < release.published_at
