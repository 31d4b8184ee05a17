import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

ARTIFACTS = Path(
    os.environ.get(
        "HUMAS_ARTIFACTS", Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"
    )
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def staff_perms(kepala, sekretaris, staf):
    """The releases app grants releases.view_release to every editorial role (its
    permissions.py); this branch does not own that file, so the tests grant it here."""
    from django.contrib.auth.models import Group, Permission

    from kernel.roles import KEPALA, SEKRETARIS, STAF

    perm = Permission.objects.get(content_type__app_label="releases", codename="view_release")
    for name in (STAF, SEKRETARIS, KEPALA):
        Group.objects.get(name=name).permissions.add(perm)
    return {"kepala": kepala, "sekretaris": sekretaris, "staf": staf}


def jpeg_bytes(width=1600, height=1067, color=(40, 90, 140)):
    image = Image.new("RGB", (width, height), color)
    # A little structure so the picture is not a flat block.
    for x in range(0, width, 80):
        for y in range(height // 2, height):
            image.putpixel((x, y), (230, 200, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PARAGRAPH = (
    "<p>Pemerintah Daerah meresmikan jembatan gantung sepanjang 120 meter yang menghubungkan "
    "Kecamatan Sukamaju dan Kecamatan Sukamakmur. Jembatan ini memangkas waktu tempuh warga "
    "dari dua jam menjadi lima belas menit, terutama bagi pelajar dan petani yang setiap hari "
    "membawa hasil panen ke pasar kecamatan.</p>"
)
BODY = (
    "<h2>Latar belakang</h2>"
    + PARAGRAPH * 6
    + "<h2>Pendanaan</h2><ul><li>APBD 2026: Rp 12,4 miliar</li><li>Dana alokasi khusus: Rp 3,1 miliar</li></ul>"
    + "<p>Pembangunan dikerjakan selama sepuluh bulan dan melibatkan 140 tenaga kerja lokal.</p>" * 4
)


@pytest.fixture
def make_release(make_user):
    from releases.models import Release, ReleaseAttachment, ReleaseContact, ReleasePhoto, ReleaseQuote

    counter = {"n": 0}

    def _make(*, photos=3, public=False, embargo_until=None, body=BODY, **extra):
        counter["n"] += 1
        n = counter["n"]
        author = make_user(f"penulis{n}")
        fields = {
            "title": f"Bupati Resmikan Jembatan Gantung Sukamaju {n}",
            "slug": f"bupati-resmikan-jembatan-{n}",
            "number": f"{44 + n:03d}/HUMAS/2026",
            "summary": "Jembatan sepanjang 120 meter memangkas waktu tempuh warga dua kecamatan.",
            "body": body,
            "author": author,
        }
        if public or embargo_until:
            fields.update(status=Release.Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=5))
        fields["embargo_until"] = embargo_until
        fields.update(extra)
        release = Release.objects.create(**fields)
        ReleaseQuote.objects.create(
            release=release,
            speaker="Budi Santoso",
            role="Bupati Sukamaju",
            text="Jembatan ini kami bangun agar anak-anak tidak lagi menyeberangi sungai untuk sekolah.",
            order=1,
        )
        ReleaseQuote.objects.create(
            release=release,
            speaker="Dewi Lestari",
            role="Kepala Dinas PUPR",
            text="Konstruksinya dirancang tahan gempa dan banjir lima puluh tahunan.",
            order=2,
        )
        ReleaseContact.objects.create(
            release=release,
            name="Siti Aminah",
            role="Kepala Subbagian Humas",
            phone="+62 812 1111 2222",
            email="siti.aminah@example.go.id",
        )
        for i in range(photos):
            photo = ReleasePhoto(
                release=release,
                alt=f"Foto jembatan {i + 1}",
                caption=f"Warga melintasi jembatan gantung Sukamaju, sisi {i + 1}.",
                credit="Humas Pemda/Andi",
                order=i,
            )
            photo.image.save(f"jembatan-{n}-{i}.jpg", ContentFile(jpeg_bytes()), save=False)
            photo.save()
        attachment = ReleaseAttachment(
            release=release, title="Data teknis jembatan", content_type="application/pdf", size=2048
        )
        attachment.file.save(f"data-teknis-{n}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        attachment.save()
        return release

    return _make


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
