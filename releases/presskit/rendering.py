"""Inputs (selectors.presskit_inputs) -> HTML -> PDF. No database access here: a render is a pure
function of its inputs, which is what makes the input hash a valid cache key."""

import base64
import io
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import qrcode
import qrcode.image.svg
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from weasyprint.text.fonts import FontConfiguration

from .fetcher import DEFAULT_DEADLINE_S, PressKitFetcher

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FALLBACK_LOGO = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"
PDF_OPTIONS = {"pdf_tags": True}  # tagged PDF (structure tree) for screen readers


def _file_url(path):
    return Path(path).resolve().as_uri()


def qr_data_url(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _image_url(file_input):
    if file_input and file_input.get("path"):
        return _file_url(file_input["path"])
    return ""


def presskit_html(inputs):
    """The kit's final HTML. Fonts and pictures are referenced by file:// URLs of files inside
    the project's static/media directories (which the fetcher allows); body-relative links
    resolve against HUMAS_SITE_URL."""
    release = inputs["release"]
    org = inputs["org"]
    photos = [dict(p, url=_image_url(p["image"])) for p in inputs["photos"]]
    context = {
        "inputs": inputs,
        "release": release,
        "org": org,
        "date": datetime.fromisoformat(release["date"]) if release["date"] else None,
        "embargo_until": datetime.fromisoformat(release["embargo_until"]) if inputs["embargoed"] else None,
        "withdrawn": inputs.get("withdrawn"),
        "withdrawn_at": datetime.fromisoformat(inputs["withdrawn"]["at"])
        if inputs.get("withdrawn") and inputs["withdrawn"]["at"]
        else None,
        "body": mark_safe(release["body"]),  # noqa: S308 -- cleaned by sanitize_html in the inputs
        "hero_url": _image_url(release["hero"]),
        "photos": [p for p in photos if p["url"]],
        "logo_url": _image_url(org["logo"]) or _file_url(FALLBACK_LOGO),
        "qr_url": qr_data_url(release["url"]),
        "fonts": {
            "regular": _file_url(FONT_DIR / "NotoSans-Regular.ttf"),
            "bold": _file_url(FONT_DIR / "NotoSans-Bold.ttf"),
            "italic": _file_url(FONT_DIR / "NotoSans-Italic.ttf"),
            "bold_italic": _file_url(FONT_DIR / "NotoSans-BoldItalic.ttf"),
        },
    }
    with translation.override(release["language"]):
        return render_to_string("releases/presskit/kit.html", context)


@dataclass
class RenderResult:
    pdf: bytes
    page_count: int
    refused: list


_local = threading.local()


def _font_config():
    """One FontConfiguration per worker thread, reused for every render. A new one per render
    (WeasyPrint's default) leaks about 0.35 MB of fontconfig/Pango state each time, which a
    worker rendering all day would never give back (measured in bench/presskit.py)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def render_pdf(html, *, deadline_s=DEFAULT_DEADLINE_S, fetcher=None):
    fetcher = fetcher or PressKitFetcher(deadline_s=deadline_s)
    document = weasyprint.HTML(
        string=html, base_url=settings.HUMAS_SITE_URL + "/", url_fetcher=fetcher
    ).render(font_config=_font_config(), **PDF_OPTIONS)
    pdf = document.write_pdf(**PDF_OPTIONS)
    return RenderResult(pdf=pdf, page_count=len(document.pages), refused=list(fetcher.refused))


def presskit_render_inputs(inputs, *, deadline_s=DEFAULT_DEADLINE_S):
    return render_pdf(presskit_html(inputs), deadline_s=deadline_s)
