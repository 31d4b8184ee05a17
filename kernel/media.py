"""Uploaded files: how they are named, how images are cleaned, and who may fetch which.

- `MediaName(folder, field)` is the `upload_to` of every FileField/ImageField: an unguessable
  name `<folder>/<32 hex>.<ext>` whose extension comes from the detected type of the content,
  never from the uploader's name (a `data.html` that is a PDF is stored as `.pdf`).
- `image_clean(upload)` re-encodes an image with Pillow (orientation applied, EXIF/GPS and
  anything else that rode along dropped) and refuses decompression bombs from the header alone.
- `media_owner_register(prefix, resolver)`: each app says, in `<app>/media.py`, who may fetch its
  files; `resolver(storage_name, user)` answers "public", "allowed" or None (404). The one view
  (kernel.views_media) asks this registry on every request, so a file stops being served the
  moment its owner stops being public.
"""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .files import HEAD_BYTES, file_kind

# Well under Pillow's own warning threshold (~89 Mpx): a press photo is 12-50 Mpx at most after
# the camera; 40 Mpx decoded as RGBA is 160 MB, the most one upload may cost a worker.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
# Detected extension -> Content-Type. The storage name's extension is ours (MediaName), but the
# view sniffs the bytes again, so a file stored under an older scheme is judged the same way.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv; charset=utf-8",
    "bin": "application/octet-stream",
}
IMAGE_EXTENSIONS = {"jpg", "png", "webp", "gif"}
PUBLIC, ALLOWED = "public", "allowed"


# --- detection -------------------------------------------------------------------------------
def _image_extension(head):
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def detected_extension(fileobj):
    """The extension the content earns ("jpg", "pdf", ... or "bin"); leaves the file at 0."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    return _image_extension(head) or file_kind(fileobj) or "bin"


def content_type_for(extension):
    return CONTENT_TYPES.get(extension, CONTENT_TYPES["bin"])


# --- naming ----------------------------------------------------------------------------------
# Django hands upload_to only the uploader's name (exactly what must not decide anything), not
# the content: MediaName leaves this marker in place of the extension, and MediaStorage.save,
# which does get the content, puts the detected one there.
DETECT_SUFFIX = ".detect"


@deconstructible
class MediaName:
    """upload_to: `<folder>/<random 32 hex>.<detected ext>` (the ext filled in by MediaStorage)."""

    def __init__(self, folder, field):
        self.folder = folder.strip("/")
        self.field = field

    def __call__(self, instance, filename):
        return f"{self.folder}/{secrets.token_hex(16)}{DETECT_SUFFIX}"

    def __eq__(self, other):
        return isinstance(other, MediaName) and (self.folder, self.field) == (other.folder, other.field)


class MediaStorage(FileSystemStorage):
    """The default storage: names from MediaName get the extension their content earns."""

    def save(self, name, content, max_length=None):
        if name and name.endswith(DETECT_SUFFIX):
            try:
                extension = detected_extension(content)
            except (OSError, ValueError):
                extension = "bin"
            name = name[: -len(DETECT_SUFFIX)] + "." + extension
        return super().save(name, content, max_length=max_length)


def media_random_name(folder, extension):
    """The same naming for files code writes itself (editor images)."""
    return f"{folder.strip('/')}/{secrets.token_hex(16)}.{extension}"


# --- images ----------------------------------------------------------------------------------
def image_check_size(upload):
    """Refuse a decompression bomb from the header: Image.open reads the size without decoding."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as img:
            width, height = img.size
            fmt = img.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas ini bukan gambar yang valid (JPEG, PNG, WebP atau GIF).")) from None
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "Gambar terlalu besar: %(width)s × %(height)s piksel. Batasnya %(limit)s megapiksel; "
                "perkecil gambar lalu unggah lagi."
            )
            % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000}
        )
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("Format gambar tidak didukung (JPEG, PNG, WebP atau GIF)."))
    return fmt


def image_reencode(upload):
    """(bytes, extension): decoded and encoded again, orientation applied, no metadata kept."""
    from PIL import Image, ImageOps

    fmt = image_check_size(upload)
    target = "PNG" if fmt == "GIF" else fmt
    with Image.open(upload) as img:
        img = ImageOps.exif_transpose(img)
        if target == "JPEG" and img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        elif target != "JPEG" and img.mode not in ("RGB", "RGBA", "L", "LA"):
            img = img.convert("RGBA")
        out = io.BytesIO()
        # No exif=, no pnginfo=, no icc_profile=: Pillow writes none of the source's metadata.
        if target == "JPEG":
            img.save(out, "JPEG", quality=88)
        elif target == "PNG":
            img.save(out, "PNG", optimize=True)
        else:
            img.save(out, "WEBP", quality=88)
    upload.seek(0)
    return out.getvalue(), IMAGE_FORMATS[fmt]


def image_clean(upload):
    """A ContentFile of the re-encoded image, named by its type (MediaName renames it anyway)."""
    data, extension = image_reencode(upload)
    return ContentFile(data, name=f"image.{extension}")


# --- registry --------------------------------------------------------------------------------
_OWNERS = {}


def media_owner_register(prefix, resolver):
    """`prefix` is a folder under MEDIA_ROOT ("releases/hero/"); the longest match wins."""
    _OWNERS[prefix.strip("/") + "/"] = resolver


def media_access(storage_name, user):
    """ "public", "allowed" or None for a path under MEDIA_ROOT. Files no app claims are None.
    A rendition (kernel.renditions) is answered for as its original: same owner, same rule."""
    from .renditions import rendition_original_name

    storage_name = rendition_original_name(storage_name) or storage_name
    matches = [p for p in _OWNERS if storage_name.startswith(p)]
    if not matches:
        return None
    return _OWNERS[max(matches, key=len)](storage_name, user)


def _org_logo(storage_name, user):
    # The organisation's logo is on every public page and in every mail.
    from .models import OrganisationProfile

    return PUBLIC if OrganisationProfile.objects.filter(logo=storage_name).exists() else None


media_owner_register("org/", _org_logo)


MEDIA_CSP = "default-src 'none'; sandbox"
CACHE_PUBLIC = "public, max-age=31536000, immutable"
CACHE_PRIVATE = "private, no-store"


def media_headers(response, *, extension, public):
    response["Content-Type"] = content_type_for(extension)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Content-Disposition"] = "inline" if extension in IMAGE_EXTENSIONS else "attachment"
    response["Cache-Control"] = CACHE_PUBLIC if public else CACHE_PRIVATE
    # The site's own CSP middleware must not replace the sandbox policy.
    response._csp_exempt = True
    return response
