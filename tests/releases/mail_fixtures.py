"""A release with everything a mail shows: an editor image 1600 px wide in its body, a table, a
relative link, a hero photo, two gallery photos and a PDF attachment. Shared by the mail and
embargo-room tests (plain functions; the fixtures are in the test modules)."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kernel.media import media_random_name

TABLE = (
    '<figure class="table"><table><tbody><tr><th>Sungai</th><th>Debit (m3/s)</th><th>Siaga</th></tr>'
    "<tr><td><p>Citarum</p></td><td>800</td><td>4</td></tr></tbody></table></figure>"
)


def jpeg_bytes(width, height, colour=(30, 90, 160)):
    img = Image.new("RGB", (width, height), colour)
    # Some texture so the JPEG is not trivially small (and renditions really resample).
    for x in range(0, width, 40):
        for y in range(0, height, 40):
            img.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def jpeg_upload(name="foto.jpg", width=1800, height=1200, colour=(30, 90, 160)):
    return SimpleUploadedFile(name, jpeg_bytes(width, height, colour), content_type="image/jpeg")


def pdf_upload(name="laporan.pdf"):
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b" " * 2048
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def editor_image():
    """An image as CKEditor's upload view stores it (random name under releases/editor/)."""
    return default_storage.save(
        media_random_name("releases/editor", "jpg"), ContentFile(jpeg_bytes(1600, 900, (160, 60, 30)))
    )


def rich_release(release_in_state, staf, sekretaris, status, *, embargo_hours=None):
    from releases import services
    from releases.models import Release

    name = editor_image()
    body = (
        '<p>Debit sungai naik sejak Senin. Lihat juga <a href="/siaran-pers/">siaran lain</a>.</p>'
        f'<figure class="image"><img src="/media/{name}" alt="Tanggul Citarum" width="1600" height="900">'
        "<figcaption>Tanggul di hulu</figcaption></figure>"
        f"{TABLE}<p>Warga diminta waspada.</p>"
    )
    data = {"body": body}
    if embargo_hours is not None:
        data["embargo_until"] = timezone.now() + timedelta(hours=embargo_hours)
    release = release_in_state(Release.Status.DRAFT, **data)
    release = services.release_update(
        release=release,
        actor=staf,
        data={"hero_alt": "Wali kota meninjau tanggul", "hero_caption": "Peninjauan", "hero_credit": "Humas"},
        hero_image=jpeg_upload("utama.jpg", 2000, 1300, (20, 120, 60)),
        photos=[
            {"id": None, "image": jpeg_upload("a.jpg"), "alt": "Warga antre", "caption": "Antrean posko"},
            {
                "id": None,
                "image": jpeg_upload("b.jpg", 1200, 1600),
                "alt": "Relawan",
                "caption": "Relawan PMI",
            },
        ],
        attachments=[
            {
                "id": None,
                "file": pdf_upload(),
                "title": "Laporan debit",
                "content_type": "application/pdf",
                "size": 2100,
            }
        ],
    )
    return advance(release, status, staf, sekretaris)


def advance(release, status, staf, sekretaris):
    """From draft through the real workflow to `status` (approved / published; an embargoed
    release "published" is scheduled until its embargo ends)."""
    from releases import services
    from releases.models import Release

    S = Release.Status
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    if status == S.PUBLISHED:
        release = services.release_publish(release=release, actor=sekretaris)
    return Release.objects.get(pk=release.pk)
