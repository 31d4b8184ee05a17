"""A kit rendered through the service: its text, metadata, fonts, watermark and cache."""

import io
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kernel.models import AuditEntry
from releases.presskit.models import PressKit
from releases.presskit.selectors import presskit_current, presskit_input_hash, presskit_inputs
from releases.presskit.services import presskit_render, presskit_request

pytestmark = pytest.mark.django_db


def render(release, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kit = presskit_request(release=release)
    assert len(callbacks) == 1, "a new kit queues exactly one render"
    return presskit_render(kit_id=kit.pk)


def pdf_text(kit):
    with kit.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return reader, [page.extract_text() for page in reader.pages]


def test_kit_has_the_release_content_metadata_and_fonts(make_release, django_capture_on_commit_callbacks):
    release = make_release(public=True)
    kit = render(release, django_capture_on_commit_callbacks)
    assert kit.status == PressKit.Status.READY, kit.error
    assert kit.file.name.startswith(f"presskits/{release.pk}/")
    assert kit.page_count >= 3 and kit.duration_ms > 0 and kit.size > 10_000

    reader, pages = pdf_text(kit)
    assert len(pages) == kit.page_count
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert release.title in flat
    assert "Nomor: 045/HUMAS/2026" in flat
    assert "Jembatan ini kami bangun agar anak-anak tidak lagi menyeberangi sungai untuk sekolah." in flat
    assert "Budi Santoso, Bupati Sukamaju" in flat
    assert "Siti Aminah" in flat and "+62 812 1111 2222" in flat and "siti.aminah@example.go.id" in flat
    assert "Data teknis jembatan" in flat  # list of attachments
    assert "Humas Pemda/Andi" in flat  # photo credit
    assert f"Halaman 1 dari {kit.page_count}" in flat
    assert "EMBARGO" not in text

    # Metadata: title and language; a tagged PDF; Noto Sans embedded.
    assert reader.metadata.title == release.title
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "id"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, "font not embedded"
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("Noto-Sans-Kit" in name for name in fonts)
    # 3 photos and the QR code/logo are in.
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 3

    assert AuditEntry.objects.filter(action="presskit.ready", object_id=str(release.pk)).exists()


def test_embargo_watermark_on_every_page_and_page_png(
    make_release, django_capture_on_commit_callbacks, artifacts, tmp_path
):
    release = make_release(embargo_until=timezone.now() + timedelta(days=1))
    kit = render(release, django_capture_on_commit_callbacks)
    assert kit.status == PressKit.Status.READY, kit.error
    assert kit.embargoed
    _reader, pages = pdf_text(kit)
    assert all("EMBARGO s.d." in page for page in pages), pages
    assert "WIB" in pages[-1]

    # Look at it: the cover page as a PNG, kept as a test artifact.
    pdf_path = tmp_path / "kit.pdf"
    pdf_path.write_bytes(kit.file.open("rb").read())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf_path),
            str(artifacts / "presskit-embargo"),
        ],
        check=True,
        timeout=60,
    )
    pngs = sorted(artifacts.glob("presskit-embargo-*.png"))
    assert len(pngs) >= 2 and all(p.stat().st_size > 10_000 for p in pngs)


def test_cache_hit_and_miss(make_release, django_capture_on_commit_callbacks):
    release = make_release(photos=1)
    kit = render(release, django_capture_on_commit_callbacks)
    assert kit.status == PressKit.Status.READY

    # Unchanged: the same row, nothing queued, nothing rendered.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = presskit_request(release=release)
    assert again.pk == kit.pk and callbacks == []
    assert presskit_render(kit_id=kit.pk).rendered_at == kit.rendered_at
    assert PressKit.objects.filter(release=release).count() == 1

    # Changed (a quote edited): a new hash, a new kit.
    quote = release.quotes.first()
    quote.text = "Kutipan yang diperbaiki."
    quote.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        changed = presskit_request(release=release)
    assert changed.pk != kit.pk and changed.status == PressKit.Status.PENDING and len(callbacks) == 1
    assert PressKit.objects.filter(release=release).count() == 2

    # The organisation profile is an input too.
    from kernel.services import organisation_profile_update

    presskit_render(kit_id=changed.pk)
    before = presskit_input_hash(presskit_inputs(release))
    organisation_profile_update(actor="system:test", data={"address": "Jl. Merdeka No. 1, Sukamaju"})
    from django.core.cache import cache

    from kernel.services import ORG_PROFILE_CACHE_KEY

    cache.delete(ORG_PROFILE_CACHE_KEY)  # on_commit does this after a real commit
    assert presskit_input_hash(presskit_inputs(release)) != before


def test_release_changed_before_render_fails_old_and_requests_new(
    make_release, django_capture_on_commit_callbacks
):
    release = make_release(photos=0)
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)
    release.title = "Judul baru setelah diminta"
    release.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = presskit_render(kit_id=kit.pk)
    assert result.status == PressKit.Status.FAILED and "berubah" in result.error
    assert len(callbacks) == 1
    current = presskit_current(release)
    assert current.pk != kit.pk and current.status == PressKit.Status.PENDING


def test_failure_is_recorded_with_reason_and_retry_requeues(
    make_release, django_capture_on_commit_callbacks, monkeypatch
):
    release = make_release(photos=0)
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)

    def broken(*args, **kwargs):
        raise RuntimeError("pango tidak tersedia")

    monkeypatch.setattr("releases.presskit.services.presskit_render_inputs", broken)
    failed = presskit_render(kit_id=kit.pk)
    assert failed.status == PressKit.Status.FAILED
    assert "pango tidak tersedia" in failed.error
    assert AuditEntry.objects.filter(action="presskit.fail", to_state="failed").exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retried = presskit_request(release=release, actor=None)
    assert retried.pk == kit.pk and retried.status == PressKit.Status.PENDING and retried.error == ""
    assert len(callbacks) == 1


def test_hostile_body_renders_without_leaking(make_release, django_capture_on_commit_callbacks, media_root):
    body = (
        '<p>Isi.</p><img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">'
        '<img src="/media/../../../etc/passwd"><p><a href="/siaran-pers/lain/">tautan</a></p>'
    )
    release = make_release(photos=0, body=body)
    kit = render(release, django_capture_on_commit_callbacks)
    assert kit.status == PressKit.Status.READY
    data = kit.file.open("rb").read()
    assert b"root:x:0:0" not in data
    # Outside images leave the body in the kit's inputs (kernel.sanitize keeps only the site's own
    # media), before the renderer's fetcher, which would refuse them too, ever sees one.
    from releases.presskit.selectors import presskit_inputs

    assert "169.254.169.254" not in str(presskit_inputs(release))
    entry = AuditEntry.objects.get(action="presskit.ready", object_id=str(release.pk))
    assert "http://169.254.169.254/latest/meta-data/" not in entry.data["refused"]


def test_huge_photo_is_skipped_and_the_kit_still_renders(make_release, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from PIL import Image

    from releases.models import ReleasePhoto

    release = make_release(photos=1)
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(buffer, "PNG", optimize=True)  # 81 Mpx in a few kB
    photo = ReleasePhoto(release=release, alt="Bom", caption="Foto raksasa", order=9)
    photo.image.save("raksasa.png", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    kit = render(release, django_capture_on_commit_callbacks)
    assert kit.status == PressKit.Status.READY
    entry = AuditEntry.objects.get(action="presskit.ready", object_id=str(release.pk))
    assert any(url.endswith(photo.image.name) for url in entry.data["refused"])
    reader, _pages = pdf_text(kit)
    assert sum(len(page.images) for page in reader.pages) >= 1


def test_soft_time_limit_marks_the_kit_failed(make_release, django_capture_on_commit_callbacks, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    release = make_release(photos=0)
    with django_capture_on_commit_callbacks(execute=False):
        kit = presskit_request(release=release)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("releases.presskit.services.presskit_render_inputs", too_slow)
    failed = presskit_render(kit_id=kit.pk)
    assert failed.status == PressKit.Status.FAILED and "Waktu render habis" in failed.error


def test_embargo_lift_sweep_requests_the_clean_kit(make_release, django_capture_on_commit_callbacks):
    from releases.models import Release
    from releases.presskit.services import presskit_sweep_embargo_lifted

    release = make_release(photos=0, embargo_until=timezone.now() + timedelta(hours=1))
    embargoed = render(release, django_capture_on_commit_callbacks)
    assert embargoed.embargoed
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kits = presskit_sweep_embargo_lifted()
    assert len(kits) == 1 and kits[0].pk != embargoed.pk and not kits[0].embargoed
    assert len(callbacks) == 1
    clean = presskit_render(kit_id=kits[0].pk)
    _reader, pages = pdf_text(clean)
    assert not any("EMBARGO" in page for page in pages)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        presskit_sweep_embargo_lifted()
    assert callbacks == []
