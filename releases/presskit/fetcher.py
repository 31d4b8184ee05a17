"""The only way a press-kit render may read anything: this project's own static and media files.

WeasyPrint fetches every stylesheet, font and image through its URL fetcher. The default one
opens `file://` anywhere on disk and any `http(s)` host, which would let a release body
(`<img src="file:///etc/passwd">`, `http://169.254.169.254/...`) read local files or reach the
cloud metadata service from the worker. This fetcher never touches the network:

- `<site>/static/...` and `<site>/media/...` (the base URL of a render is HUMAS_SITE_URL, so a
  relative `/media/x.jpg` in the body arrives here) map to files under the static directories
  or MEDIA_ROOT; any other http(s) URL, whatever its host, is refused;
- `file://` URLs are accepted only when `Path.resolve()` lands inside those directories (no
  `..` or symlink escape);
- `data:` URLs (our own inline QR code) go through the same size checks;
- every image is checked before WeasyPrint sees it: at most MAX_BYTES on disk and MAX_PIXELS
  in its header (read by Pillow without decoding the pixels);
- a render has a deadline; after it every fetch fails fatally, which stops the render.

A refused fetch raises an exception: WeasyPrint logs it and skips that one resource, so the kit
still renders without it.
"""

import base64
import binascii
import io
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from PIL import Image
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_BYTES = 15 * 1024 * 1024  # one file (image, font, stylesheet)
MAX_PIXELS = 40_000_000  # width x height of one image (e.g. 8000 x 5000)
MAX_TOTAL_BYTES = 80 * 1024 * 1024  # everything one render may read
DEFAULT_DEADLINE_S = 60.0

CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
RASTER_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# Rendered kits live under MEDIA_ROOT too; a body must not pull one kit into another.
FORBIDDEN_MEDIA_DIRS = ("presskits",)


class FetchRefused(ValueError):
    """A resource the press kit may not read; WeasyPrint skips it and carries on."""


class RenderDeadlineExceeded(FatalURLFetchingError):
    """The render ran past its deadline: stop it, not just the one resource."""


def _static_roots():
    roots = [Path(settings.STATIC_ROOT)] + [Path(d) for d in settings.STATICFILES_DIRS]
    roots += [Path(app.path) / "static" for app in apps.get_app_configs()]
    return [r.resolve() for r in roots if r.is_dir()]


def _inside(path, roots):
    return any(path.is_relative_to(root) for root in roots)


class PressKitFetcher(URLFetcher):
    def __init__(self, *, deadline_s=DEFAULT_DEADLINE_S, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS):
        super().__init__(timeout=1, allowed_protocols=("http", "https", "file", "data"))
        self.deadline = time.monotonic() + deadline_s
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.total_bytes = 0
        self.refused = []  # (url, reason), for the log and the tests
        site = urlsplit(settings.HUMAS_SITE_URL)
        self.site_origin = (site.scheme, site.netloc)
        self.media_root = Path(settings.MEDIA_ROOT).resolve()
        self.static_roots = _static_roots()

    # WeasyPrint calls fetch() for every resource (and also through open()/__call__).
    def fetch(self, url, headers=None):
        if time.monotonic() > self.deadline:
            raise RenderDeadlineExceeded(f"press kit render deadline exceeded at {url[:100]}")
        try:
            path, content_type, data = self._resolve(url)
            if data is None:
                data = self._read(path)
            self._check(data, content_type)
        except FetchRefused as exc:
            self.refused.append((url[:200], str(exc)))
            raise
        self.total_bytes += len(data)
        if self.total_bytes > MAX_TOTAL_BYTES:
            raise RenderDeadlineExceeded("press kit render read too much data")
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _resolve(self, url):
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise FetchRefused("malformed URL") from exc
        scheme = parts.scheme.lower()
        if scheme == "data":
            return None, *self._data_url(url)
        if scheme in ("http", "https"):
            if (scheme, parts.netloc.lower()) != self.site_origin:
                raise FetchRefused("network access is not allowed")
            return self._site_path(unquote(parts.path))
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise FetchRefused("remote file URL")
            path = Path(unquote(parts.path)).resolve()
            if _inside(path, [self.media_root]):
                self._check_media(path)
            elif not _inside(path, self.static_roots):
                raise FetchRefused("file outside the project's static and media files")
            return self._existing(path), self._content_type(path), None
        raise FetchRefused(f"scheme {scheme!r} is not allowed")

    def _site_path(self, path):
        static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
        if path.startswith(media_url):
            target = (self.media_root / path[len(media_url) :]).resolve()
            if not _inside(target, [self.media_root]):
                raise FetchRefused("path escapes MEDIA_ROOT")
            self._check_media(target)
            return self._existing(target), self._content_type(target), None
        if path.startswith(static_url):
            relative = path[len(static_url) :]
            for root in self.static_roots:
                target = (root / relative).resolve()
                if _inside(target, self.static_roots) and target.is_file():
                    return target, self._content_type(target), None
            raise FetchRefused("no such static file")
        raise FetchRefused("only /static/ and /media/ are served to the press kit")

    def _check_media(self, path):
        relative = path.relative_to(self.media_root)
        if relative.parts and relative.parts[0] in FORBIDDEN_MEDIA_DIRS:
            raise FetchRefused("rendered kits are not resources")

    @staticmethod
    def _existing(path):
        if not path.is_file():
            raise FetchRefused("no such file")
        return path

    @staticmethod
    def _content_type(path):
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            raise FetchRefused(f"file type {path.suffix or '(none)'} is not allowed")
        return content_type

    def _data_url(self, url):
        header, _sep, payload = url[5:].partition(",")
        if len(payload) > self.max_bytes * 4 // 3 + 4:
            raise FetchRefused("data URL too large")
        fields = header.split(";")
        content_type = (fields[0] or "text/plain").lower()
        if content_type not in RASTER_TYPES | {"image/svg+xml"}:
            raise FetchRefused(f"data URL type {content_type} is not allowed")
        try:
            if "base64" in fields[1:]:
                data = base64.b64decode(payload, validate=False)
            else:
                data = unquote(payload).encode()
        except (binascii.Error, ValueError) as exc:
            raise FetchRefused("bad data URL") from exc
        return content_type, data

    def _read(self, path):
        size = path.stat().st_size
        if size > self.max_bytes:
            raise FetchRefused(f"file too large ({size} bytes, limit {self.max_bytes})")
        return path.read_bytes()

    def _check(self, data, content_type):
        if len(data) > self.max_bytes:
            raise FetchRefused(f"resource too large ({len(data)} bytes, limit {self.max_bytes})")
        if content_type in RASTER_TYPES:
            # Only the header is parsed: a 50 000 x 50 000 PNG of a few kilobytes is refused
            # before anything tries to decode its pixels.
            try:
                with Image.open(io.BytesIO(data)) as image:
                    width, height = image.size
            except Image.DecompressionBombError as exc:
                raise FetchRefused(f"image too large ({exc})") from exc
            except (OSError, ValueError) as exc:
                raise FetchRefused("unreadable image") from exc
            if width * height > self.max_pixels:
                raise FetchRefused(f"image too large ({width}x{height} px, limit {self.max_pixels} px)")
