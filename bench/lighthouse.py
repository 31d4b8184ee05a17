"""Lighthouse 12 (mobile preset) on the public pages, against Debian's Chromium.

    npm install --prefix bench/lighthouse            # once: lighthouse@12 into bench/lighthouse/
    DATABASE_URL=... REDIS_URL=... python bench/lighthouse.py [--base-url URL] [--runs 1]

Without --base-url it serves the site itself as production does (DEBUG off, collected and
compressed static files, gunicorn) from its own database (<DATABASE_URL's db>_lighthouse),
migrated and seeded with the demo data (`seed_demo`) plus a release with three photos. With
--base-url it audits a server already running (e.g. `python3 dev.py run`, seeded).

Audited: the home page, the release list, a release with photos, the search, the conference
schedule and the information page. Prints each category score and the CLS per page; the last
line:

    RESULT lighthouse perf_min=.. a11y_min=.. bp_min=.. seo_min=.. cls_max=..

Targets (issue 15): performance >= 95, accessibility 100, best practices 100, SEO 100 (the search
page is noindex on purpose, so its SEO score is shown but left out of seo_min), CLS < 0.05.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PHOTO_RELEASE_TITLE = "Tiga posko kesehatan dibuka bagi warga terdampak banjir"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url, site_url):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY")
            or "lighthouse-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "HUMAS_SITE_URL": site_url,
            "HUMAS_CACHE_PREFIX": "humas-lighthouse",
            "MEDIA_ROOT": str(ROOT / "var" / "lighthouse" / "media"),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("HUMAS_TESTING", None)
    return env


def manage(env, *args):
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


SEED_PHOTO_RELEASE = f"""
import io
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth import get_user_model
from PIL import Image, ImageDraw
from releases import services
from releases.models import Category, Release

title = {PHOTO_RELEASE_TITLE!r}
release = Release.objects.filter(title=title).first()
if release is None:
    def photo(name, hue):
        image = Image.new("RGB", (1600, 1067), (hue, 110, 150))
        draw = ImageDraw.Draw(image)
        for i in range(0, 1600, 40):
            draw.line([(i, 0), (1600 - i, 1067)], fill=(255 - hue, 200, 90), width=6)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=82)
        return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")

    users = get_user_model().objects
    staf, sekretaris = users.get(username="staf"), users.get(username="sekretaris")
    body = "<p>Posko kesehatan melayani warga selama dua puluh empat jam.</p>" + (
        "<table><tr>" + "".join(f"<th>Kecamatan {{i}}</th>" for i in range(10)) + "</tr><tr>"
        + "".join(f"<td>{{i * 120}} jiwa</td>" for i in range(10)) + "</tr></table>"
    )
    release = services.release_create(
        actor=staf,
        data={{"title": title, "summary": "Pemerintah kota membuka tiga posko kesehatan di Sukamaju.", "body": body,
               "hero_alt": "Petugas di posko kesehatan",
               "category": Category.objects.get_or_create(slug="kesehatan", defaults={{"name": "Kesehatan"}})[0]}},
        hero_image=photo("hero.jpg", 40),
        photos=[{{"image": photo(f"foto{{i}}.jpg", 60 * i), "alt": f"Posko {{i}}", "caption": f"Posko {{i}}"}}
                for i in (1, 2, 3)],
        contacts=[{{"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}}],
    )
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=users.get(username="kepala"))
    release = services.release_publish(release=release, actor=sekretaris)
print(release.get_absolute_url())
"""


def prepare(base_database_url):
    parts = urlsplit(base_database_url)
    dbname = parts.path.lstrip("/") + "_lighthouse"
    url = urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    import psycopg2

    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{dbname}"')
    conn.close()
    return url


def start_server(env, port):
    cmd = [
        PYTHON, "-m", "gunicorn", "humas.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning",
        "--pythonpath", str(ROOT), "--chdir", str(ROOT),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2):  # noqa: S310 - loopback
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def run_lighthouse(url, out_dir, name):
    out = Path(out_dir) / f"{name}.json"
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        f"--only-categories={','.join(CATEGORIES)}",
        # The mobile preset is Lighthouse's default (emulated phone, throttled 4G, 4x CPU slowdown).
        "--form-factor=mobile",
        "--max-wait-for-load=60000",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME)
    subprocess.run(cmd, env=env, check=True, timeout=300, capture_output=True)
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{category}:{ref['id']}({audit['score']})")
    return scores, cls, failing, report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", help="audit this running server instead of starting one")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is kept")
    parser.add_argument("--keep", help="folder for the JSON reports (default: a temporary one)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run `npm install --prefix bench/lighthouse` first")
    if not (shutil.which(CHROME) or Path(CHROME).exists()):
        sys.exit(f"Chromium not found at {CHROME}")

    server = None
    if args.base_url:
        base = args.base_url.rstrip("/")
        photo_path = None
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = server_env(
            prepare(os.environ.get("DATABASE_URL") or sys.exit("DATABASE_URL is required")), base
        )
        print("migrating, collecting static files, seeding ...", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "seed_demo")
        photo_path = manage(env, "shell", "--no-imports", "-c", SEED_PHOTO_RELEASE).strip().splitlines()[-1]
        server = start_server(env, port)
    try:
        if photo_path is None:
            # A running server: the newest release from its feed stands for "a release with photos".
            with urllib.request.urlopen(base + "/api/siaran-pers/", timeout=10) as response:  # noqa: S310
                photo_path = json.loads(response.read())["results"][0]["url"].split(base, 1)[-1]
        pages = {
            "home": "/",
            "release-list": "/siaran-pers/",
            "release-photos": photo_path,
            "search": "/cari/?q=banjir",
            "conference-schedule": "/konferensi-pers/",
            "information": "/informasi-publik/",
        }
        out_dir = args.keep or tempfile.mkdtemp(prefix="lighthouse-")
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        results = {}
        for name, path in pages.items():
            runs = [run_lighthouse(base + path, out_dir, f"{name}-{i}") for i in range(args.runs)]
            runs.sort(key=lambda r: r[0]["performance"])
            scores, cls, failing, _report = runs[len(runs) // 2]
            results[name] = (scores, cls)
            print(
                f"{name:<20} perf={scores['performance']:>3} a11y={scores['accessibility']:>3} "
                f"bp={scores['best-practices']:>3} seo={scores['seo']:>3} cls={cls:.3f}"
                + (f"  below 1: {' '.join(failing)}" if failing else ""),
                flush=True,
            )
        print(f"reports: {out_dir}")
        indexable = {n: r for n, r in results.items() if n != "search"}
        print(
            "RESULT lighthouse "
            f"perf_min={min(s['performance'] for s, _ in results.values())} "
            f"a11y_min={min(s['accessibility'] for s, _ in results.values())} "
            f"bp_min={min(s['best-practices'] for s, _ in results.values())} "
            f"seo_min={min(s['seo'] for s, _ in indexable.values())} "
            f"cls_max={max(c for _, c in results.values()):.3f}"
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
