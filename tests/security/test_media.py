"""Uploaded files through Django (development and every test): random names from the detected
type, images re-encoded without metadata, bombs refused from the header, and one access-checked
/media/ view whose headers keep an upload from ever running as a page of the site."""

import io
import re
import secrets
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import HumasClient
from tests.releases.conftest import image_bytes

pytestmark = pytest.mark.django_db
SANDBOX = "default-src 'none'; sandbox"
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HUMAS_MEDIA_ACCEL = False


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _attach(release, name, content):
    from releases.forms import AttachmentForm

    form = AttachmentForm(
        data={"title": name}, files={"file": SimpleUploadedFile(name, content, "text/html")}
    )
    assert form.is_valid(), form.errors
    attachment = form.save(commit=False)
    attachment.release, attachment.content_type, attachment.size = release, form.detected_type, len(content)
    attachment.save()
    return attachment


def _staff_client(user):
    client = HumasClient()
    client.force_login(user)
    return client


def test_polyglot_attachment_is_stored_as_pdf_and_served_as_a_download(
    client,
    release_in_state,
):
    release = release_in_state("published")
    attachment = _attach(release, "data.html", POLYGLOT)
    assert re.fullmatch(r"releases/attachments/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert "data" not in attachment.file.name and attachment.title == "data.html"
    response = client.get(attachment.file.url)
    assert response.status_code == 200
    assert _content(response) == POLYGLOT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_files_of_non_public_releases_are_404_for_visitors_and_no_store_for_staff(
    client,
    release_in_state,
    sekretaris,
    kepala,
):
    from releases import services
    from releases.models import Release

    draft = release_in_state("draft")
    attachment = _attach(draft, "rencana.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.get(attachment.file.url).status_code == 404
    response = _staff_client(sekretaris).get(attachment.file.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"

    published = release_in_state("published")
    photo = _attach(published, "lampiran.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.get(photo.file.url).status_code == 200
    # An embargo put back, then an unpublication: the file stops at once (nothing cached).
    Release.objects.filter(pk=published.pk).update(embargo_until=timezone.now() + timedelta(hours=3))
    assert client.get(photo.file.url).status_code == 404
    Release.objects.filter(pk=published.pk).update(embargo_until=None)
    assert client.get(photo.file.url).status_code == 200
    services.release_unpublish(release=published, actor=kepala, reason="Salah unggah.")
    assert client.get(photo.file.url).status_code == 404


def test_editor_image_is_public_only_while_a_public_release_shows_it(
    client,
    release_in_state,
    sekretaris,
):
    from releases.models import Release

    name = default_storage.save(f"releases/editor/{secrets.token_hex(16)}.png", ContentFile(image_bytes()))
    url = f"/media/{name}"
    assert client.get(url).status_code == 404  # referenced by nothing
    assert _staff_client(sekretaris).get(url).status_code == 200
    release = release_in_state("published")
    Release.objects.filter(pk=release.pk).update(body=f'<p><img src="{url}" alt="x"></p>')
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"] == "inline"
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    assert client.get(url).status_code == 404


def test_unclaimed_and_escaping_paths_are_404(client, settings):
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)
    (root / "backups").mkdir()
    (root / "backups" / "db.sql").write_text("rahasia")
    for path in (
        "/media/backups/db.sql",
        "/media/../../etc/passwd",
        "/media/%2e%2e/etc/passwd",
    ):
        assert client.get(path).status_code == 404, path
    # A NUL never reaches the view: the hostile-input middleware refuses it first.
    assert client.get("/media/x%00y").status_code == 400


def test_accel_mode_hands_the_file_to_nginx_with_the_same_headers(
    client,
    settings,
    release_in_state,
):
    settings.HUMAS_MEDIA_ACCEL = True
    attachment = _attach(release_in_state("published"), "lampiran.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.get(attachment.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Content-Disposition"] == "attachment"
    assert response["Content-Type"] == "application/pdf"


def _jpeg_with_gps():
    img = Image.new("RGB", (60, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x010F] = "KameraRahasia"
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_photo_upload_is_reencoded_without_exif_or_gps_and_rotated(release_in_state):
    from releases.forms import PhotoForm

    raw = _jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    form = PhotoForm(
        data={"alt": "Posko", "caption": "", "credit": ""},
        files={"image": SimpleUploadedFile("IMG_2041 rumah saya.jpg", raw, "image/jpeg")},
    )
    assert form.is_valid(), form.errors
    photo = form.save(commit=False)
    photo.release = release_in_state("draft")
    photo.save()
    assert re.fullmatch(r"releases/photos/[0-9a-f]{32}\.jpg", photo.image.name)
    stored = photo.image.open("rb").read()
    assert b"KameraRahasia" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif()
        assert img.size == (40, 60)  # orientation applied before the metadata went


def test_decompression_bomb_is_refused_from_the_header(sekretaris):
    from kernel.media import MAX_IMAGE_PIXELS
    from releases.forms import PhotoForm

    buffer = io.BytesIO()
    Image.new("1", (8000, 8000), 1).save(buffer, "PNG", optimize=True)  # 64 Mpx in a few kB
    assert MAX_IMAGE_PIXELS < 8000 * 8000 and len(buffer.getvalue()) < 100_000
    form = PhotoForm(
        data={"alt": "Bom", "caption": "", "credit": ""},
        files={"image": SimpleUploadedFile("bom.png", buffer.getvalue(), "image/png")},
    )
    assert not form.is_valid()
    assert "megapiksel" in " ".join(form.errors["image"])
    # The editor's upload answers the same, as JSON, without decoding it.
    response = _staff_client(sekretaris).post(
        reverse("staff_releases:image_upload"),
        {"upload": SimpleUploadedFile("bom.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code == 400
    assert "megapiksel" in response.json()["error"]["message"]


def test_org_logo_gets_a_random_name_and_is_public(client, kepala):
    from kernel.forms import OrganisationProfileForm
    from kernel.models import OrganisationProfile

    profile = OrganisationProfile.objects.get(pk=OrganisationProfile.SINGLETON_PK)
    form = OrganisationProfileForm(instance=profile)
    data = {k: v for k, v in form.initial.items() if v is not None and k != "logo"}
    form = OrganisationProfileForm(
        data=data,
        files={"logo": SimpleUploadedFile("logo kantor.png", image_bytes(), "image/png")},
        instance=profile,
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert re.fullmatch(r"org/[0-9a-f]{32}\.png", saved.logo.name)
    response = client.get(saved.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_bodies_and_so_mails_show_only_the_sites_own_images(settings):
    from kernel.sanitize import sanitize_html

    settings.HUMAS_SITE_URL = "https://humas.example.go.id"
    html = sanitize_html(
        '<p><img src="https://pelacak.example/p.gif?u=ani@contoh.example" alt="a">'
        '<img src="//pelacak.example/x.gif" alt="b"><img src="/media/releases/editor/ab.png" alt="c">'
        '<img src="https://humas.example.go.id/media/releases/editor/cd.png" alt="d">'
        '<img src="/media/../../etc/passwd" alt="e"></p>'
    )
    assert "pelacak" not in html and "passwd" not in html
    assert 'src="/media/releases/editor/ab.png"' in html
    assert 'src="https://humas.example.go.id/media/releases/editor/cd.png"' in html
    assert html.count("<img") == 5  # the alt texts stay
