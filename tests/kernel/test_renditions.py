"""kernel.renditions: sizes, formats, no upscaling, orientation, metadata, the template tag."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image, ImageCms

from kernel import renditions


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def noisy_jpeg(width, height, *, exif=None, icc=None):
    """A photo-like JPEG: random noise does not compress, like a real photo's grain."""
    img = Image.effect_noise((width, height), 60).convert("RGB")
    out = io.BytesIO()
    kwargs = {}
    if exif is not None:
        kwargs["exif"] = exif
    if icc is not None:
        kwargs["icc_profile"] = icc
    img.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def stored(data, folder="releases/photos", ext="jpg"):
    from kernel.media import media_random_name

    return default_storage.save(media_random_name(folder, ext), ContentFile(data))


def opened(name):
    with default_storage.open(name, "rb") as fh:
        img = Image.open(fh)
        img.load()
    return img


def test_every_width_in_both_formats_with_aspect_kept():
    name = stored(noisy_jpeg(2000, 1500))
    made = renditions.renditions_make(name)
    assert sorted((r.width, r.fmt) for r in made) == [
        (w, f) for w in (320, 600, 1200) for f in ("jpeg", "webp")
    ]
    for r in made:
        img = opened(r.name)
        assert img.format == renditions.RENDITION_FORMATS[r.fmt]
        assert img.size == (r.width, r.height) == (r.width, round(1500 * r.width / 2000))
        assert r.name.startswith(name + ".w")
        assert r.url == default_storage.url(r.name)
    # Smaller than the original by a wide margin.
    assert default_storage.size(renditions.rendition_name(name, 600, "webp")) < default_storage.size(name) / 5


def test_never_upscaled():
    name = stored(noisy_jpeg(500, 250))
    assert renditions.rendition_widths(500) == [320, 500]
    made = renditions.renditions_make(name)
    assert {r.width for r in made} == {320, 500}
    big = renditions.rendition(name, 1200, "jpeg")
    assert (big.width, big.height) == (500, 250)
    assert opened(big.name).size == (500, 250)
    # An original narrower than the thumbnail gets exactly one width, its own.
    tiny = stored(noisy_jpeg(200, 100))
    assert [(r.width, r.height) for r in renditions.renditions_for(tiny, "webp")] == [(200, 100)]


def test_exif_orientation_applied_and_metadata_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    exif[0x010F] = "KameraRahasia"  # Make
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    name = stored(noisy_jpeg(800, 400, exif=exif, icc=srgb))
    assert renditions.original_size(name) == (400, 800)
    r = renditions.rendition(name, 320, "jpeg")
    img = opened(r.name)
    assert img.size == (320, 640) == (r.width, r.height)
    assert not img.getexif()
    assert "icc_profile" not in img.info and "exif" not in img.info
    webp = opened(renditions.rendition(name, 320, "webp").name)
    assert webp.size == (320, 640) and not webp.getexif()


def test_icc_profile_converted_to_srgb():
    # A photo tagged with a LAB-derived profile is converted, not just stripped of its tag.
    adobe_like = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    name = stored(noisy_jpeg(640, 480, icc=adobe_like.tobytes()))
    r = renditions.rendition(name, 600, "jpeg")
    img = opened(r.name)
    assert img.mode == "RGB" and "icc_profile" not in img.info


def test_png_with_transparency_flattened_for_jpeg_kept_for_webp():
    img = Image.new("RGBA", (700, 350), (255, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    name = stored(out.getvalue(), ext="png")
    jpeg = opened(renditions.rendition(name, 600, "jpeg").name)
    assert jpeg.mode == "RGB" and jpeg.getpixel((10, 10)) == (255, 255, 255)
    webp = opened(renditions.rendition(name, 600, "webp").name)
    assert webp.mode == "RGBA" and webp.getpixel((10, 10))[3] == 0


def test_rendition_picks_largest_not_wider_and_makes_it_when_missing():
    name = stored(noisy_jpeg(2000, 1000))
    assert not default_storage.exists(renditions.rendition_name(name, 600, "jpeg"))
    r = renditions.rendition(name, 1000, "jpeg")
    assert (r.width, r.height) == (600, 300)
    assert default_storage.exists(r.name)
    assert renditions.rendition(name, 100, "webp").width == 320  # none is narrower: the smallest
    assert renditions.rendition(name, 5000, "webp").width == 1200
    with pytest.raises(ValueError):
        renditions.rendition(name, 600, "gif")


def test_srcset_lists_every_width():
    name = stored(noisy_jpeg(1600, 900))
    url = default_storage.url(name)
    assert renditions.srcset(name, "webp") == (
        f"{url}.w320.webp 320w, {url}.w600.webp 600w, {url}.w1200.webp 1200w"
    )


def test_rendition_name_leads_back_to_the_original():
    assert (
        renditions.rendition_original_name("releases/photos/ab12.jpg.w600.webp") == "releases/photos/ab12.jpg"
    )
    assert (
        renditions.rendition_original_name("releases/photos/ab12.png.w320.jpg") == "releases/photos/ab12.png"
    )
    assert renditions.rendition_original_name("releases/photos/ab12.jpg") is None
    assert renditions.rendition_original_name("releases/attachments/x.pdf.w600.jpg") is None


def test_responsive_image_tag(db):
    from django.db.models.fields.files import ImageFieldFile

    from releases.models import ReleasePhoto

    name = stored(noisy_jpeg(2000, 1500))
    field = ReleasePhoto._meta.get_field("image")
    image = ImageFieldFile(ReleasePhoto(), field, name)
    html = Template(
        '{% load renditions %}{% responsive_image image alt=alt sizes="50vw" class="foto" %}'
    ).render(Context({"image": image, "alt": 'Gubernur "meninjau" posko'}))
    url = default_storage.url(name)
    assert html.startswith('<picture><source type="image/webp"')
    assert f'srcset="{url}.w320.webp 320w, {url}.w600.webp 600w, {url}.w1200.webp 1200w" sizes="50vw"' in html
    assert f'<img src="{url}.w600.jpg" srcset="{url}.w320.jpg 320w,' in html
    assert 'width="600" height="450"' in html
    assert 'alt="Gubernur &quot;meninjau&quot; posko"' in html
    assert 'loading="lazy"' in html and 'class="foto"' in html
    # A missing file renders nothing rather than an error page.
    broken = ImageFieldFile(ReleasePhoto(), field, "releases/photos/hilang.jpg")
    assert (
        Template("{% load renditions %}{% responsive_image image %}").render(Context({"image": broken})) == ""
    )


def test_task_makes_renditions_and_ignores_vanished_files():
    from kernel.tasks import renditions_make_task

    name = stored(noisy_jpeg(900, 600))
    assert renditions_make_task.apply(args=[name]).get() == 6  # 320, 600, 900 (capped): two formats
    assert default_storage.exists(renditions.rendition_name(name, 600, "webp"))
    assert renditions_make_task.apply(args=["releases/photos/hilang.jpg"]).get() == 0


def test_html_images_outside_media_or_broken_are_left_alone(settings):
    html = '<p><img src="/static/logo.png" alt="a"><img alt="tanpa src"><img src="/media/releases/editor/hilang.jpg" alt="b"></p>'
    assert renditions.responsive_html_images(html) == html
    assert renditions.media_name_from_url("/media/a/../../etc/passwd") is None
    assert (
        renditions.media_name_from_url(settings.HUMAS_SITE_URL + "/media/releases/x.jpg") == "releases/x.jpg"
    )
    assert renditions.media_name_from_url("https://pelacak.example/media/x.jpg") is None


def test_backfill_command_makes_missing_renditions_and_skips_renditions_and_pending():
    from django.core.management import call_command

    photo = stored(noisy_jpeg(700, 400))
    pending = stored(noisy_jpeg(700, 400), folder="pending")
    default_storage.save("releases/photos/broken.jpg", ContentFile(b"not an image"))
    out, err = io.StringIO(), io.StringIO()
    call_command("renditions_make", stdout=out, stderr=err)
    assert "1 gambar diproses, 1 gagal" in out.getvalue() and "broken.jpg" in err.getvalue()
    assert default_storage.exists(renditions.rendition_name(photo, 600, "webp"))
    assert not default_storage.exists(renditions.rendition_name(pending, 320, "jpeg"))
    # Running again changes nothing (only missing ones are made) and never treats a rendition
    # as an original.
    call_command("renditions_make", stdout=io.StringIO(), stderr=io.StringIO())
    assert not default_storage.exists(
        renditions.rendition_name(renditions.rendition_name(photo, 600, "jpeg"), 320, "jpeg")
    )
