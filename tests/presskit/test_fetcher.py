"""The press-kit URL fetcher: only this project's static and media files, within size limits."""

import io
import os

import pytest
from PIL import Image
from weasyprint.urls import FatalURLFetchingError

from releases.presskit.fetcher import FetchRefused, PressKitFetcher
from releases.presskit.rendering import FONT_DIR, render_pdf

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def site(settings):
    settings.HUMAS_SITE_URL = SITE
    return SITE


def png_bytes(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/etc/passwd",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://127.0.0.1:6379/",
        "http://[::1]/",
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "http://127.0.0.1:8000/static/../../../../etc/passwd",
        "http://127.0.0.1:8000/media/%2e%2e/%2e%2e/etc/passwd",
        "ftp://example.com/x.png",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_hostile_urls_are_refused(site, media_root, url):
    fetcher = PressKitFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused and fetcher.refused[0][0] == url[:200]


def test_static_font_and_media_image_are_served(site, media_root):
    (media_root / "releases").mkdir()
    picture = media_root / "releases" / "foto.png"
    picture.write_bytes(png_bytes(40, 30))
    fetcher = PressKitFetcher()

    font = fetcher.fetch(f"{SITE}/static/fonts/NotoSans-Regular.ttf")
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch((FONT_DIR / "NotoSans-Bold.ttf").as_uri()).content_type == "font/ttf"
    assert fetcher.fetch(f"{SITE}/media/releases/foto.png").read() == picture.read_bytes()
    assert fetcher.fetch(picture.as_uri()).content_type == "image/png"
    assert fetcher.refused == []


def test_symlink_out_of_media_is_refused(site, media_root):
    os.symlink("/etc/passwd", media_root / "passwd.png")
    fetcher = PressKitFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(f"{SITE}/media/passwd.png")
    with pytest.raises(FetchRefused):
        fetcher.fetch((media_root / "passwd.png").as_uri())


def test_rendered_kits_and_unknown_types_are_not_resources(site, media_root):
    (media_root / "presskits" / "1").mkdir(parents=True)
    (media_root / "presskits" / "1" / "kit.pdf").write_bytes(b"%PDF")
    (media_root / "secret.env").write_text("SECRET=1")
    fetcher = PressKitFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(f"{SITE}/media/presskits/1/kit.pdf")
    with pytest.raises(FetchRefused):
        fetcher.fetch(f"{SITE}/media/secret.env")


def test_image_pixel_and_byte_limits(site, media_root):
    # 20 000 x 20 000 one-bit pixels compress to a few dozen kilobytes: a decompression bomb.
    (media_root / "bom.png").write_bytes(png_bytes(20_000, 20_000))
    assert (media_root / "bom.png").stat().st_size < 200_000
    (media_root / "lebar.png").write_bytes(png_bytes(8000, 6000))  # 48 Mpx, under Pillow's own limit
    (media_root / "besar.png").write_bytes(png_bytes(100, 100) + b"\0" * 3_000_000)
    fetcher = PressKitFetcher(max_bytes=2_000_000)
    with pytest.raises(FetchRefused, match="image too large"):
        fetcher.fetch(f"{SITE}/media/bom.png")
    with pytest.raises(FetchRefused, match="image too large"):
        fetcher.fetch(f"{SITE}/media/lebar.png")
    with pytest.raises(FetchRefused, match="too large"):
        fetcher.fetch(f"{SITE}/media/besar.png")


def test_deadline_stops_the_render(site):
    fetcher = PressKitFetcher(deadline_s=-1)
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(f"{SITE}/static/fonts/NotoSans-Regular.ttf")


def test_hostile_html_still_renders_without_the_hostile_resources(site, media_root):
    (media_root / "bom.png").write_bytes(png_bytes(20_000, 20_000))
    html = """<html lang="id"><head><title>Uji</title>
    <link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/style.css">
    <style>@import url("file:///etc/passwd"); body { background: url("http://example.com/x.png"); }</style>
    </head><body><h1>Kit tetap jadi</h1>
    <img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">
    <img src="/media/bom.png"><img src="/media/../../../etc/shadow">
    <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/hostname" width="10" height="10"/></svg>
    </body></html>"""
    result = render_pdf(html)
    assert result.pdf.startswith(b"%PDF")
    assert result.page_count == 1
    refused = {url for url, _reason in result.refused}
    assert "file:///etc/passwd" in refused
    assert "http://169.254.169.254/latest/meta-data/" in refused
    assert f"{SITE}/media/bom.png" in refused
    assert f"{SITE}/etc/shadow" in refused
    assert b"root:x:0:0" not in result.pdf
