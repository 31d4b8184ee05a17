"""Benchmark: import a generated 60,000-row CSV (dry run + commit) and time the staff contact
list with 60,000 contacts. Uses its own database (<DATABASE_URL name>_bench), created on demand.

    DATABASE_URL=... REDIS_URL=... SECRET_KEY=... .venv/bin/python bench/contacts_import.py [--rows 60000]

Prints the figures, a ratio against a naive baseline measured in the same run (one ORM create per
row, on a sample), and finally:  RESULT contacts_import rows_per_s=<n> peak_mb=<n>
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BEATS = ["Politik", "Ekonomi", "Hukum", "Olahraga", "Kesehatan", "Pendidikan", "Teknologi", "Lingkungan"]
REGIONS = ["Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Denpasar", "Nusantara"]
PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0896"]
TYPES = ["cetak", "daring", "televisi", "radio", "kantor berita"]
FIRST = ["Budi", "Siti", "Andi", "Dewi", "Eko", "Rina", "Agus", "Putri", "Fajar", "Citra", "Joko", "Maya"]
LAST = ["Santoso", "Wulandari", "Pratama", "Lestari", "Saputra", "Anggraini", "Nugroho", "Hidayat"]


def bench_database_url():
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/humas"))
    name = url.path.lstrip("/") or "humas"
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunparse(url._replace(path="/" + name)), url, name


def ensure_database(url, name):
    import psycopg2

    admin = psycopg2.connect(urlunparse(url._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def generate_csv(path, rows, seed=2026):
    rnd = random.Random(seed)
    outlets = [(f"Media {REGIONS[i % len(REGIONS)]} {i}", TYPES[i % len(TYPES)]) for i in range(400)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "Nama;Surel;No HP;Media;Jenis Media;Desk;Wilayah;Bahasa;Dasar Pemrosesan;Tanggal Persetujuan\n"
        )
        for i in range(rows):
            outlet, kind = outlets[rnd.randrange(len(outlets))]
            fh.write(
                f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i};wartawan{i}@media{i % 97}.example;"
                f"{rnd.choice(PREFIXES)}{rnd.randrange(10**7, 10**8)};{outlet};{kind};"
                f"{rnd.choice(BEATS)};{rnd.choice(REGIONS)};{'en' if i % 10 == 0 else 'id'};"
                f"persetujuan;2026-0{1 + i % 9}-1{i % 10}\n"
            )


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60000)
    parser.add_argument("--baseline-rows", type=int, default=1000)
    args = parser.parse_args()

    db_url, parsed, name = bench_database_url()
    ensure_database(parsed, name)
    os.environ["DATABASE_URL"] = db_url
    # Static files straight from the finders: the bench renders pages without collectstatic.
    os.environ.setdefault("HUMAS_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from contacts import importing, services
    from contacts.models import ContactImport, ContactList, Journalist, MediaOutlet
    from kernel.roles import STAF

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE contacts_contactlistmembership, contacts_contactlist, contacts_journalist,"
            " contacts_mediaoutlet, contacts_contactimport RESTART IDENTITY CASCADE"
        )
    User = get_user_model()
    user, _created = User.objects.get_or_create(username="bench_staf")
    user.groups.add(Group.objects.get(name=STAF))

    workdir = Path(tempfile.mkdtemp(prefix="contacts-bench-"))
    settings.MEDIA_ROOT = workdir / "media"
    csv_path = workdir / "kontak.csv"
    generate_csv(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1024 / 1024
    print(f"generated {args.rows} rows, {size_mb:.1f} MB")

    # Baseline: the naive way (one validated ORM create per row) on a sample, same run.
    sample = [
        line.split(";")
        for line in csv_path.read_text(encoding="utf-8").splitlines()[1 : 1 + args.baseline_rows]
    ]
    start = time.perf_counter()
    for cells in sample:
        outlet, _c = MediaOutlet.objects.get_or_create(
            name=cells[3] + " (naif)", defaults={"outlet_type": "print"}
        )
        j = Journalist(name=cells[0], email="naif-" + cells[1], phone=cells[2], outlet=outlet, beat=cells[5])
        j.full_clean()
        j.save()
    baseline_s = time.perf_counter() - start
    baseline_rate = len(sample) / baseline_s
    Journalist.objects.filter(email__startswith="naif-").delete()
    MediaOutlet.objects.filter(name__endswith="(naif)").delete()
    print(f"baseline (naive ORM create per row): {baseline_rate:.0f} rows/s")

    importing.INLINE_MAX_ROWS = 10**9  # run both phases here (the Celery task calls the same services)
    upload = SimpleUploadedFile("kontak.csv", csv_path.read_bytes(), content_type="text/csv")
    start = time.perf_counter()
    cpu_start = time.process_time()
    imp = services.contact_import_create(actor=user, upload=upload, on_duplicate="skip")
    t_upload = time.perf_counter() - start
    services.contact_import_validate(contact_import_id=imp.pk)
    t_dry = time.perf_counter() - start - t_upload
    imp.refresh_from_db()
    assert imp.status == ContactImport.Status.VALIDATED, (imp.status, imp.report[:5])
    services.contact_import_commit(actor=user, contact_import=imp)
    total = time.perf_counter() - start
    t_commit = total - t_upload - t_dry
    imp.refresh_from_db()
    assert imp.status == ContactImport.Status.DONE, (imp.status, imp.failure)
    count = Journalist.objects.count()
    assert count == args.rows, count
    rate = args.rows / total
    cpu = time.process_time() - cpu_start
    print(f"upload+sniff {t_upload:.2f}s, dry run {t_dry:.2f}s, commit {t_commit:.2f}s, total {total:.2f}s")
    print(f"  (this process used {cpu:.2f}s CPU; the rest is PostgreSQL and waiting for a shared CPU)")
    print(
        f"import: {rate:.0f} rows/s ({rate / baseline_rate:.1f}x the naive baseline); limit 25 s for 60,000 rows (issue 17)"
    )

    # The staff contact list with 60,000 contacts.
    cl = ContactList.objects.create(name="Bench")
    services.contact_list_add(
        actor=user,
        contact_list=cl,
        journalist_ids=list(Journalist.objects.values_list("pk", flat=True)[:5000]),
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    url = reverse("staff_contacts:journalist_list")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    figures = {}
    for label, params in [
        ("first page", {}),
        ("page 500", {"page": 500}),
        ("search", {"q": "santoso 4"}),
        ("filters", {"beat": "Politik", "region": "Jakarta", "outlet_type": "tv", "status": "active"}),
        ("list", {"contact_list": cl.pk}),
    ]:
        times = []
        for _ in range(8):
            t = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        figures[label] = statistics.median(times)
        print(f"list page ({label}): median {figures[label]:.0f} ms")
    worst = max(v for k, v in figures.items() if k != "page 500")
    print(f"list page worst median (first page, search, filters, list) {worst:.0f} ms (limit 150 ms)")
    peak = peak_mb()
    print(f"peak RSS {peak:.0f} MB (limit 400 MB)")
    print(f"RESULT contacts_import rows_per_s={rate:.0f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
