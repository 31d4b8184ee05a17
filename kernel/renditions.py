"""Smaller copies of uploaded images (renditions) for pages and mail.

An original `releases/photos/<hex>.jpg` gets `releases/photos/<hex>.jpg.w600.webp` and so on:
beside the original, named from the original's name and the rendition's real width. Because the
name leads back to the original, kernel.media's access registry answers for a rendition exactly
as for its original (`rendition_original_name`), so a photo of a release under embargo is 404 for
the public in every size.

- never upscaled: a width the original does not reach is made at the original's width once;
- aspect kept; EXIF orientation applied, then all metadata dropped; colours converted to sRGB
  from an embedded ICC profile (browsers treat untagged images as sRGB);
- made by a Celery task after upload (`kernel.tasks.renditions_make_task`, queued by the owning
  app's service on commit); a page that finds one missing makes it synchronously.

Names of originals are unguessable and never reused (kernel.media.MediaName), so an original's
size is cached by name for the life of the process.
"""

import functools
import io
import logging
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenditionSpec:
    name: str
    width: int


# Thumbnail for lists and the edit form; 600 for phones and mail; 1200 for wide screens and
# high-density phones. Ascending order matters (srcset and "largest <= width").
RENDITION_SPECS = (
    RenditionSpec("thumbnail", 320),
    RenditionSpec("medium", 600),
    RenditionSpec("large", 1200),
)
RENDITION_FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}
FORMAT_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
# Tuned on noisy 2000 px press photos: visually clean at phone sizes, 3 photos < 150 KB a page.
JPEG_QUALITY = 78
WEBP_QUALITY = 72

_RENDITION_NAME = re.compile(
    r"^(?P<original>.+\.(?:jpg|jpeg|png|webp|gif))\.w(?P<width>\d{1,5})\.(?P<ext>jpg|webp)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rendition:
    name: str
    url: str
    width: int
    height: int
    fmt: str

    def __str__(self):
        return self.url


def rendition_name(original_name, width, fmt):
    return f"{original_name}.w{int(width)}.{FORMAT_EXTENSIONS[fmt]}"


def rendition_original_name(storage_name):
    """The original's storage name when `storage_name` is a rendition's, else None."""
    match = _RENDITION_NAME.match(storage_name or "")
    return match.group("original") if match else None


def _storage(field_file):
    return getattr(field_file, "storage", None) or default_storage


def _name(field_file):
    return field_file if isinstance(field_file, str) else getattr(field_file, "name", "") or ""


# --- sizes -----------------------------------------------------------------------------------
# EXIF orientations that turn the picture a quarter: width and height swap once applied.
_QUARTER_TURNS = {5, 6, 7, 8}


def _read_size(storage, storage_name):
    """(width, height) as shown, i.e. after the EXIF orientation; read from the header only."""
    from PIL import Image

    with storage.open(storage_name, "rb") as fh, Image.open(fh) as img:
        width, height = img.size
        if img.getexif().get(0x0112) in _QUARTER_TURNS:
            width, height = height, width
    return width, height


@functools.lru_cache(maxsize=4096)
def _cached_size(location, storage_name, storage):
    # Keyed by the storage's root too: tests (and a moved MEDIA_ROOT) see names in other roots.
    return _read_size(storage, storage_name)


def original_size(field_file):
    storage = _storage(field_file)
    return _cached_size(str(getattr(storage, "location", "")), _name(field_file), storage)


def rendition_widths(original_width):
    """The widths made for an original this wide: each spec's, capped at the original (no
    upscaling), duplicates dropped, ascending."""
    return sorted({min(spec.width, original_width) for spec in RENDITION_SPECS})


def _height_for(width, size):
    original_width, original_height = size
    return max(1, round(original_height * width / original_width))


# --- making ----------------------------------------------------------------------------------
def _to_srgb(img):
    from PIL import ImageCms

    icc = img.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if "A" in img.getbands() else "RGB"
            if img.mode not in ("RGB", "RGBA"):
                img = img.convert(mode)
            return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.warning("ICC profile not applied; colours kept as they are")
    if img.mode == "CMYK":
        return img.convert("RGB")
    if img.mode in ("P", "PA", "LA", "I;16", "I", "F"):
        return img.convert("RGBA" if "transparency" in img.info or img.mode.endswith("A") else "RGB")
    return img


def _encode(img, fmt):
    out = io.BytesIO()
    # No exif=, no icc_profile=: nothing of the source's metadata is written.
    if fmt == "jpeg":
        if img.mode != "RGB" and img.mode != "L":
            background = _flatten(img)
            img = background
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        img.save(out, "WEBP", quality=WEBP_QUALITY, method=5)
    return out.getvalue()


def _flatten(img):
    """JPEG has no transparency: put the picture on white, as a page would show it."""
    from PIL import Image

    rgba = img.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _load(storage, storage_name):
    from PIL import Image, ImageOps

    with storage.open(storage_name, "rb") as fh:
        img = Image.open(fh)
        img.load()
    img = ImageOps.exif_transpose(img)
    return _to_srgb(img)


def _make(storage, storage_name, img, width, fmt, size):
    from PIL import Image

    height = _height_for(width, size)
    resized = img if img.size == (width, height) else img.resize((width, height), Image.Resampling.LANCZOS)
    name = rendition_name(storage_name, width, fmt)
    if storage.exists(name):
        # Another worker or page got there first; the content is the same.
        return name
    saved = storage.save(name, ContentFile(_encode(resized, fmt)))
    if saved != name:  # the storage renamed a concurrent duplicate: keep one
        storage.delete(saved)
    return name


def renditions_make(field_file, *, missing_only=True):
    """Make every rendition of an image file; returns a list of Rendition (both formats, every
    width). Only missing ones are made unless `missing_only` is False."""
    storage, storage_name = _storage(field_file), _name(field_file)
    size = original_size(field_file)
    img = None
    made = []
    for width in rendition_widths(size[0]):
        for fmt in RENDITION_FORMATS:
            name = rendition_name(storage_name, width, fmt)
            if not missing_only or not storage.exists(name):
                if img is None:
                    img = _load(storage, storage_name)
                if not missing_only and storage.exists(name):
                    storage.delete(name)
                _make(storage, storage_name, img, width, fmt, size)
            made.append(Rendition(name, storage.url(name), width, _height_for(width, size), fmt))
    return made


def renditions_delete(field_file):
    """Remove the renditions of an original (when the original itself goes)."""
    storage, storage_name = _storage(field_file), _name(field_file)
    try:
        size = original_size(field_file)
    except Exception:  # noqa: BLE001 - not an image (an attachment) or gone: nothing to remove
        return
    for width in rendition_widths(size[0]):
        for fmt in RENDITION_FORMATS:
            storage.delete(rendition_name(storage_name, width, fmt))


def _pick_width(widths, width):
    fitting = [w for w in widths if w <= width]
    return fitting[-1] if fitting else widths[0]


def rendition(field_file, width, fmt="jpeg"):
    """The largest rendition not wider than `width` (the smallest when none is), made now if it
    is missing."""
    if fmt not in RENDITION_FORMATS:
        raise ValueError(f"unknown rendition format {fmt!r}")
    storage, storage_name = _storage(field_file), _name(field_file)
    size = original_size(field_file)
    chosen = _pick_width(rendition_widths(size[0]), width)
    name = rendition_name(storage_name, chosen, fmt)
    if not storage.exists(name):
        _make(storage, storage_name, _load(storage, storage_name), chosen, fmt, size)
    return Rendition(name, storage.url(name), chosen, _height_for(chosen, size), fmt)


def renditions_for(field_file, fmt="jpeg"):
    """Every rendition of one format, ascending, made now where missing."""
    renditions_make(field_file)
    storage, storage_name = _storage(field_file), _name(field_file)
    size = original_size(field_file)
    return [
        Rendition(
            rendition_name(storage_name, w, fmt),
            storage.url(rendition_name(storage_name, w, fmt)),
            w,
            _height_for(w, size),
            fmt,
        )
        for w in rendition_widths(size[0])
    ]


def srcset(field_file, fmt="jpeg"):
    """`url 320w, url 600w, url 1200w` for <img srcset> / <source srcset>."""
    return ", ".join(f"{r.url} {r.width}w" for r in renditions_for(field_file, fmt))


def image_usable(field_file):
    """True when the file is there and Pillow can read its size (a page degrades otherwise)."""
    if not _name(field_file):
        return False
    try:
        original_size(field_file)
    except Exception:  # noqa: BLE001 - a broken or missing upload must not break a page
        return False
    return True


# --- images inside rich text ---------------------------------------------------------------
_IMG_TAG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def media_name_from_url(url):
    """The storage name behind one of our media URLs (relative or on the public base URL), or
    None for anything else."""
    from urllib.parse import unquote

    from django.conf import settings

    url = (url or "").strip()
    site = getattr(settings, "HUMAS_SITE_URL", "").rstrip("/")
    if site and url.startswith(site + settings.MEDIA_URL):
        url = url[len(site) :]
    if not url.startswith(settings.MEDIA_URL):
        return None
    name = unquote(url[len(settings.MEDIA_URL) :].split("?", 1)[0].split("#", 1)[0])
    if not name or name.startswith("/") or ".." in name or "\\" in name or "\x00" in name:
        return None
    return name


def responsive_html_images(html, *, sizes="(max-width: 800px) 100vw, 760px", width=600):
    """Sanitised rich text with each of our own images as a <picture> of renditions (WebP and
    JPEG srcsets, the chosen rendition's width and height, lazy). Run on the output of
    kernel.sanitize (double-quoted, escaped attributes); an image that can't be read is left
    as it was."""
    from html import escape, unescape

    def replace(match):
        attrs = {k.lower(): unescape(v) for k, v in _ATTR.findall(match.group(1))}
        name = media_name_from_url(attrs.get("src"))
        if name is None or rendition_original_name(name) or not image_usable(name):
            return match.group(0)
        try:
            webp, jpeg = srcset(name, "webp"), srcset(name, "jpeg")
            fallback = rendition(name, width, "jpeg")
        except Exception:  # noqa: BLE001 - a broken upload must not break the page
            logger.exception("renditions failed for %s", name)
            return match.group(0)
        extra = "".join(f' {k}="{escape(attrs[k])}"' for k in ("title",) if attrs.get(k))
        return (
            f'<picture><source type="image/webp" srcset="{escape(webp)}" sizes="{escape(sizes)}">'
            f'<img src="{escape(fallback.url)}" srcset="{escape(jpeg)}" sizes="{escape(sizes)}"'
            f' width="{fallback.width}" height="{fallback.height}" alt="{escape(attrs.get("alt", ""))}"'
            f' loading="lazy" decoding="async"{extra}></picture>'
        )

    return _IMG_TAG.sub(replace, html or "")
