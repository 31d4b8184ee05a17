"""The shipped nginx site (deploy/nginx/humas.conf) in front of gunicorn, both on loopback, asked
for uploaded files as an anonymous visitor.

The site file is used as it is, with these substitutions only (`render_site`), so every media,
protected and static location is the one production runs:
- `listen 443 ssl http2;` -> `listen 127.0.0.1:<port>;` and the ssl_certificate lines removed (no
  TLS on loopback);
- `listen 80;` -> `listen 127.0.0.1:<other port>;` (the redirect server, unused here);
- the upstream `127.0.0.1:8000` -> gunicorn's port;
- `/srv/humas/media/` and `/srv/humas/var/static/` -> this test's folders.
It is included in a minimal http block of our own (prefix, pid, logs, temp folders in tmp), as
the Debian nginx.conf includes sites-enabled/*.
"""

import getpass
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import database_url_for, free_port
from tests.publicinfo.factories import make_document
from tests.releases.conftest import image_bytes

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "humas.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
POLYGLOT = (
    b"%PDF-1.4\n<html><head><title>asli</title></head><body>"
    b"<script>document.title='DIJALANKAN';console.log('DIJALANKAN')</script></body></html>\n%%EOF\n"
)
SANDBOX = "default-src 'none'; sandbox"


def render_site(*, port, redirect_port, upstream_port, media_root, static_root):
    text = SITE.read_text()
    substitutions = [
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        (r"\n\s*ssl_certificate(_key)?\s+[^;]+;", ""),
        (r"listen 80;", f"listen 127.0.0.1:{redirect_port};"),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        (r"/srv/humas/media/", f"{media_root}/"),
        (r"/srv/humas/var/static/", f"{static_root}/"),
    ]
    for pattern, replacement in substitutions:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"deploy/nginx/humas.conf no longer contains {pattern!r}: update this test"
    return text


def _wait_for(port, proc, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"process exited early:\n{Path(log).read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"port {port} never opened:\n{Path(log).read_text()[-3000:]}")


@pytest.fixture
def site(transactional_db, tmp_path, settings):
    """(base URL, media root): nginx on loopback in front of gunicorn on the test database."""
    media = tmp_path / "media"
    static = tmp_path / "static"
    media.mkdir()
    static.mkdir()
    settings.MEDIA_ROOT = media
    gunicorn_port, port, redirect_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for(),
        "MEDIA_ROOT": str(media),
        "HUMAS_MEDIA_ACCEL": "1",
        "DEBUG": "0",
        "HUMAS_ALLOW_DEV_SECRET": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    glog = tmp_path / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "humas.wsgi",
            "--bind",
            f"127.0.0.1:{gunicorn_port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(glog, "ab"),  # noqa: SIM115 - lives as long as the process
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (prefix / "site.conf").write_text(
        render_site(
            port=port,
            redirect_port=redirect_port,
            upstream_port=gunicorn_port,
            media_root=media,
            static_root=static,
        )
    )
    # As root, nginx's workers would drop to `nobody`, who can not read pytest's 0700 folders.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""
    )
    nlog = prefix / "stdout.log"
    nginx = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
        stdout=open(nlog, "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(gunicorn_port, gunicorn, glog)
        _wait_for(port, nginx, nlog)
        yield f"http://127.0.0.1:{port}", media
    finally:
        for proc in (nginx, gunicorn):
            proc.terminate()
        for proc in (nginx, gunicorn):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def fetch(url):
    """(status, headers, body) without raising on 4xx."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (http on loopback)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _photo(release):
    from releases.models import ReleasePhoto

    photo = ReleasePhoto(release=release, alt="Posko", caption="Posko")
    photo.image.save("foto-asli.png", ContentFile(image_bytes()), save=False)
    photo.save()
    return photo.image.name


def _attachment(release, name="lampiran.pdf", content=b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"):
    from releases.forms import AttachmentForm

    # Through the staff form: the content check the polyglot passes is the one staff uploads meet.
    form = AttachmentForm(
        data={"title": name}, files={"file": SimpleUploadedFile(name, content, "text/html")}
    )
    assert form.is_valid(), form.errors
    attachment = form.save(commit=False)
    attachment.release = release
    attachment.content_type = form.detected_type
    attachment.size = len(content)
    attachment.save()
    return attachment


def _editor_image(release):
    from releases.models import Release

    name = default_storage.save(f"releases/editor/{secrets.token_hex(16)}.png", ContentFile(image_bytes()))
    body = f'<p>Foto posko.</p><p><img src="/media/{name}" alt="Posko"></p>'
    Release.objects.filter(pk=release.pk).update(body=body)
    return name


def _kit(release, *, embargoed):
    from releases.presskit.models import PressKit

    kit = PressKit(
        release=release, input_hash=secrets.token_hex(32), status=PressKit.Status.READY, embargoed=embargoed
    )
    kit.file.save(f"{secrets.token_urlsafe(16)}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    kit.save()
    return kit.file.name


def _import_file(kepala):
    from contacts.services import contact_import_create

    upload = SimpleUploadedFile(
        "kontak.csv", b"nama,email\nAni,ani@contoh.example\n", content_type="text/csv"
    )
    return contact_import_create(actor=kepala, upload=upload, on_duplicate="skip").stored_path


def test_files_through_the_real_nginx(site, release_in_state, kepala, ppid, chromium):
    from releases import services
    from releases.models import Release

    base, media = site
    S = Release.Status
    draft = release_in_state(S.DRAFT)
    published = release_in_state(S.PUBLISHED)
    # Embargoed: published earlier, put back under an embargo that runs one more day.
    embargoed = release_in_state(S.PUBLISHED)
    Release.objects.filter(pk=embargoed.pk).update(embargo_until=timezone.now() + timedelta(days=1))

    hidden = {
        "foto draf": _photo(draft),
        "lampiran embargo": _attachment(embargoed).file.name,
        "gambar editor embargo": _editor_image(embargoed),
        "dokumen PPID belum terbit": make_document(actor=ppid, title="Rancangan", publish=False).file.name,
        "berkas impor kontak": _import_file(kepala),
        "press kit embargo": _kit(embargoed, embargoed=True),
    }
    polyglot = _attachment(published, name="data.html", content=POLYGLOT)
    shown = {
        "foto terbit": (_photo(published), "image/png", "inline"),
        "lampiran terbit": (_attachment(published).file.name, "application/pdf", "attachment"),
        "gambar editor terbit": (_editor_image(published), "image/png", "inline"),
        "dokumen PPID terbit": (make_document(actor=ppid).file.name, "application/pdf", "attachment"),
        "press kit terbit": (_kit(published, embargoed=False), "application/pdf", "attachment"),
        "lampiran poliglot": (polyglot.file.name, "application/pdf", "attachment"),
    }

    # Every stored name is random, with the extension of the detected type.
    assert re.fullmatch(r"releases/attachments/[0-9a-f]{32}\.pdf", polyglot.file.name), polyglot.file.name
    assert polyglot.title == "data.html"  # the uploader's name is only a label
    assert re.fullmatch(r"releases/photos/[0-9a-f]{32}\.png", hidden["foto draf"])

    probed = 0
    for label, name in hidden.items():
        assert (media / name).is_file(), label
        status, _headers, body = fetch(f"{base}/media/{name}")
        probed += 1
        assert status == 404, f"{label} ({name}): {status}"
        assert b"%PDF" not in body and b"nama,email" not in body
    for label, (name, content_type, disposition) in shown.items():
        status, headers, body = fetch(f"{base}/media/{name}")
        probed += 1
        assert status == 200, f"{label} ({name}): {status}"
        assert body == (media / name).read_bytes(), label
        assert headers["Content-Type"] == content_type, (label, headers["Content-Type"])
        assert headers["X-Content-Type-Options"] == "nosniff", label
        assert headers["Content-Security-Policy"] == SANDBOX, label
        assert headers["Content-Disposition"] == disposition, (label, headers["Content-Disposition"])
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable", label
        assert "X-Accel-Redirect" not in headers, label
        # One header each: nginx and Django must not both add them.
        assert len(headers.get_all("Content-Security-Policy")) == 1, label
        assert len(headers.get_all("Content-Type")) == 1, label
        assert len(headers.get_all("Content-Disposition") or []) == 1, label

    # The internal location and the raw media root are never reachable by path.
    for name in (hidden["foto draf"], hidden["berkas impor kontak"]):
        assert fetch(f"{base}/protected/{name}")[0] == 404
        probed += 1

    # Unpublished: its files stop being served at once (no cache in between).
    photo_name = shown["foto terbit"][0]
    services.release_unpublish(release=published, actor=kepala, reason="Salah unggah.")
    assert fetch(f"{base}/media/{photo_name}")[0] == 404
    probed += 1

    # The polyglot in a real browser, through nginx: downloaded, not rendered; nothing runs.
    Release.objects.filter(pk=published.pk).update(status=S.PUBLISHED, unpublished_at=None)
    context = chromium.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{base}/media/{hidden['foto draf']}")  # an origin page of the site first (a 404)
        title = page.title()
        with page.expect_download() as download_info:
            try:
                page.goto(f"{base}/media/{polyglot.file.name}")
            except Exception as exc:  # Chromium reports "Download is starting" as a navigation error
                assert "Download" in str(exc) or "net::ERR_ABORTED" in str(exc), exc
        download = download_info.value
        probed += 1
        assert download.suggested_filename.endswith(".pdf")
        assert Path(download.path()).read_bytes() == POLYGLOT
        page.wait_for_timeout(500)
        assert page.title() == title
        assert "DIJALANKAN" not in " ".join(console)
    finally:
        context.close()
    print(f"nginx media: {probed} files probed ({len(hidden)} hidden, {len(shown)} shown)")
    assert probed == 16
