"""Benchmark of the one public search (/cari/) at 200,000 items, against a baseline in the same run.

    DATABASE_URL=... REDIS_URL=... python bench/search.py [--items 200000] [--requests 400]

Uses its own database (<DATABASE_URL's db>_search_bench), migrated and seeded with bulk SQL
(INSERT ... SELECT over generate_series) when it holds fewer than --items searchable items:
releases (70 %), official statements (12 %), public documents (10 %) and conferences (8 %), their
words drawn from a Zipf-like vocabulary of 6,000 words in which the query words range from "in
nearly every item" to "in about 1 % of them". Then, in this process with production settings (DEBUG off),
it sends the search page a mix of queries (common words, pairs, rare words, a kind filter, page 3,
typos that take the "did you mean" path) through Django's test client, one at a time, and the
same number of requests to a trivial view and to an indexed lookup. Prints the percentiles; the
last line:

    RESULT search p95_ms=<n> ratio=<search p95 / trivial view p95>

p95_ms is the uncached figure (the public cache version is bumped before each request); the
cached one (anonymous visitors asking what others asked within 5 minutes) is printed above it.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The words of the queries below, spread over a Zipf-like vocabulary of synthetic words: the
# seeding draws index floor(n * random()^4), so a word near the head is in most items and one near
# the tail in about 1 % of them (as in real text, where most query words are in few documents).
REAL_WORDS = [
    "pemerintah",
    "kota",
    "warga",
    "layanan",
    "program",
    "daerah",
    "masyarakat",
    "kegiatan",
    "pembangunan",
    "kesehatan",
    "pendidikan",
    "anggaran",
    "jalan",
    "banjir",
    "bantuan",
    "sosial",
    "dinas",
    "kecamatan",
    "desa",
    "pasar",
    "sekolah",
    "rumah",
    "sakit",
    "air",
    "bersih",
    "listrik",
    "jembatan",
    "vaksinasi",
    "posko",
    "pengungsian",
    "evakuasi",
    "bencana",
    "kebakaran",
    "festival",
    "budaya",
    "pariwisata",
    "investasi",
    "perizinan",
    "digital",
    "koperasi",
    "usaha",
    "mikro",
    "kecil",
    "menengah",
    "petani",
    "nelayan",
    "pangan",
    "harga",
    "beras",
    "minyak",
    "gas",
    "transportasi",
    "terminal",
    "stasiun",
    "pelabuhan",
    "bandara",
    "stadion",
    "olahraga",
    "pemuda",
    "perempuan",
    "anak",
    "disabilitas",
    "lansia",
    "beasiswa",
    "pelatihan",
    "kerja",
    "lowongan",
    "sertifikat",
    "tanah",
    "sengketa",
    "lahan",
    "hutan",
    "sungai",
    "drainase",
    "sampah",
    "limbah",
    "lingkungan",
    "taman",
    "hijau",
    "polusi",
    "udara",
    "cuaca",
    "ekstrem",
    "gempa",
    "longsor",
    "tsunami",
    "kekeringan",
    "irigasi",
    "bendungan",
    "waduk",
    "pompa",
    "genangan",
    "relawan",
    "donor",
    "darah",
    "imunisasi",
    "stunting",
    "gizi",
    "posyandu",
    "puskesmas",
    "dokter",
    "perawat",
    "obat",
    "apotek",
    "ambulans",
    "toleransi",
    "kerukunan",
    "agama",
    "seni",
    "musik",
    "tari",
    "batik",
    "kuliner",
    "wisata",
    "pantai",
    "gunung",
    "museum",
    "perpustakaan",
    "arsip",
    "inovasi",
    "teknologi",
    "aplikasi",
    "internet",
    "jaringan",
    "keamanan",
    "siber",
    "data",
    "pribadi",
    "pajak",
    "retribusi",
    "pendapatan",
    "belanja",
    "audit",
    "laporan",
    "keuangan",
    "transparansi",
    "korupsi",
    "integritas",
    "pelayanan",
    "publik",
    "pengaduan",
    "nusantara",
    "merdeka",
    "sukamaju",
    "harapan",
    "sejahtera",
    "makmur",
    "lestari",
]
SYNTHETIC = 6000


def vocabulary():
    rng = random.Random(2026)
    syllables = [c + v for c in "bcdghjklmnprstwy" for v in "aiueo"]
    words = set()
    while len(words) < SYNTHETIC:
        words.add("".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4)))))
    words = sorted(words - set(REAL_WORDS))
    rng.shuffle(words)
    # Real word i at rank i * step: from "in nearly every item" to "in about 1 % of them".
    step = len(words) // len(REAL_WORDS)
    for i, word in enumerate(REAL_WORDS):
        words.insert(i * step, word)
    return words


VOCABULARY = vocabulary()
QUERIES = [
    "pemerintah",
    "banjir",
    "vaksinasi",
    "posko pengungsian",
    "jembatan",
    "beasiswa pelatihan",
    "stunting",
    "anggaran daerah",
    "festival budaya",
    "air bersih",
    "kebakaran hutan",
    "sertifikat tanah",
    "rumah sakit",
    "toleransi",
    "drainase genangan",
    "stadion",
    "makmur lestari",
    "keamanan siber",
    "korupsi integritas",
    "sukamaju",
]
TYPOS = ["banjri", "vaksinsi", "jembtan", "beasiwsa pelatihan", "kebakran", "stuntnig", "drainsae"]
SHARES = {"release": 0.70, "statement": 0.12, "document": 0.10, "conference": 0.08}


POOLS = {"title": (20_000, 8), "lead": (6_000, 25), "para": (6_000, 75), "short": (3_000, 3)}


def make_pools(rng):
    """Text pieces drawn word by word from VOCABULARY, index floor(n * u^4) (Zipf-like); the rows
    are put together from random pieces by SQL (a text array indexed per word would cost O(n) per
    word in PostgreSQL)."""
    n = len(VOCABULARY)

    def piece(words):
        return " ".join(VOCABULARY[int(n * rng.random() ** 4)] for _ in range(words))

    return {kind: [piece(words) for _ in range(count)] for kind, (count, words) in POOLS.items()}


def bench_database_url():
    base = os.environ.get("DATABASE_URL") or sys.exit("DATABASE_URL is required")
    parts = urlsplit(base)
    dbname = parts.path.lstrip("/") + "_search_bench"
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


ROW_SOURCE = (
    "(SELECT g, now() - random() * interval '3650 days' AS ago, "  # noqa: S608
    + ", ".join(
        f"1 + floor(random() * {POOLS[kind][0]})::int AS {alias}"
        for alias, kind in (
            ("ti", "title"),
            ("li", "lead"),
            ("a", "para"),
            ("b", "para"),
            ("c", "para"),
            ("si", "short"),
        )
    )
    + " FROM generate_series(1, %s) g) r "
    + " ".join(
        f"JOIN bench_pool {alias} ON {alias}.kind = '{kind}' AND {alias}.i = r.{key}"
        for alias, kind, key in (
            ("tt", "title", "ti"),
            ("ll", "lead", "li"),
            ("pa", "para", "a"),
            ("pb", "para", "b"),
            ("pc", "para", "c"),
            ("ss", "short", "si"),
        )
    )
)


def insert_series(model, count, varying, template):
    """INSERT `count` rows of `model` in one statement: the columns in `varying` from SQL
    expressions over the series row `r` (r.g its number, r.ago a date in the last ten years) and
    the random text pieces tt (title), ll (lead), pa/pb/pc (paragraphs), ss (a few words); every
    other column as in `template`, an unsaved instance (so columns other branches add keep their
    Python defaults)."""
    from django.db import connection

    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        columns.append(field.column)
        if field.column in varying:
            values.append(varying[field.column])
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(template, add=True), connection))
    # Column names and constants of our own: no outside input reaches this text.
    sql = f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) SELECT {", ".join(values)} FROM {ROW_SOURCE}'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, int(count)])


def load_pools():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_pool")
        cursor.execute("CREATE TABLE bench_pool (kind text, i int, t text, PRIMARY KEY (kind, i))")
        for kind, texts in make_pools(random.Random(15)).items():
            cursor.execute(
                "INSERT INTO bench_pool SELECT %s, n, t FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n)",
                [kind, texts],
            )
        cursor.execute("ANALYZE bench_pool")


def seed(items):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from conferences.models import Conference
    from crises.models import Incident, Statement
    from portal.search import search_words_rebuild
    from publicinfo.models import PublicDocument
    from releases.models import Release
    from releases.services import search_vector_expression

    have = (
        Release.objects.count()
        + Statement.objects.count()
        + PublicDocument.objects.count()
        + Conference.objects.count()
    )
    if have >= items:
        print(f"database holds {have} items already")
        return
    t0 = time.time()
    user, _created = get_user_model().objects.get_or_create(username="bench-search")
    now = timezone.now()
    incident = Incident.objects.create(
        title="Insiden uji",
        severity=3,
        created_by=user,
        owner=user,
        detected_at=now,
        opened_at=now,
        last_public_update_at=now,
    )
    n = {kind: int(items * share) for kind, share in SHARES.items()}
    # Dates spread over ten years back; the slugs carry the series number (unique).
    load_pools()
    insert_series(
        Release,
        n["release"],
        {
            "title": "tt.t",
            "slug": "'bench-rilis-' || r.g",
            "summary": "ll.t",
            "body_text": "pa.t || ' ' || pb.t || ' ' || pc.t",
            "body": "'<p>' || pa.t || '</p><p>' || pb.t || '</p><p>' || pc.t || '</p>'",
            "status": "'published'",
            "published_at": "r.ago",
        },
        Release(author=user, title="t", slug="t", status="published", published_at=now),
    )
    Release.objects.update(search_vector=search_vector_expression())
    insert_series(
        Statement,
        n["statement"],
        {
            "title": "tt.t",
            "slug": "'bench-pernyataan-' || r.g",
            "body": "'<p>' || pa.t || '</p><p>' || pb.t || '</p>'",
            "status": "'published'",
            "is_public": "true",
            "published_at": "r.ago",
        },
        Statement(incident=incident, drafted_by=user, title="t", slug="t", body="", status="published"),
    )
    insert_series(
        PublicDocument,
        n["document"],
        {
            "title": "tt.t",
            "slug": "'bench-dokumen-' || r.g",
            "description": "ll.t",
            "date": "r.ago::date",
            "status": "'published'",
        },
        PublicDocument(
            created_by=user, title="t", slug="t", category="berkala", date=now.date(), file="x.pdf"
        ),
    )
    insert_series(
        Conference,
        n["conference"],
        {
            "title": "tt.t",
            "slug": "'bench-konferensi-' || r.g",
            "description": "ll.t",
            "venue_name": "ss.t",
            "starts_at": "r.ago",
            "ends_at": "now() + interval '1 day'",
            "status": "'held'",
        },
        Conference(title="t", slug="t", starts_at=now, ends_at=now, is_public=True),
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_pool")
        cursor.execute("ANALYZE")
    print(f"seeded {sum(n.values())} items ({n}) in {time.time() - t0:.0f} s", flush=True)
    t1 = time.time()
    words = search_words_rebuild()
    print(f"did-you-mean word list: {words} words in {time.time() - t1:.1f} s", flush=True)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(fn, n, before=None):
    out = []
    for i in range(n):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.public_pages_settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123")
    os.environ["HUMAS_CACHE_PREFIX"] = "humas-search-bench"
    os.environ.pop("HUMAS_TESTING", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from releases.models import Release

    call_command("migrate", "--noinput", verbosity=0)
    seed(args.items)

    client = Client(HTTP_HOST=(os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0])
    rng = random.Random(15)
    paths = [f"/cari/?q={q.replace(' ', '+')}" for q in QUERIES]
    paths += [f"/cari/?q={q}" for q in TYPOS]
    paths += [
        "/cari/?q=banjir&jenis=dokumen",
        "/cari/?q=pemerintah&page=3",
        "/cari/?q=festival&jenis=konferensi",
    ]
    slugs = list(Release.objects.values_list("slug", flat=True)[:500])

    def search(i):
        response = client.get(rng.choice(paths))
        assert response.status_code == 200, response.status_code

    def trivial(i):
        assert client.get("/bench-trivial/").status_code == 200

    def lookup(i):
        Release.objects.filter(slug=slugs[i % len(slugs)]).values_list("pk", flat=True).first()

    for fn in (search, trivial, lookup):
        timed(fn, 40)  # warm-up: connections, templates, the organisation profile
    with CaptureQueriesContext(connection) as queries:
        counts = []
        for path in paths:
            before = len(queries.captured_queries)
            client.get(path)
            counts.append(len(queries.captured_queries) - before)
    from kernel.pagecache import public_cache_bump

    # Uncached: a new public version before each request (as after a publish), outside the timing.
    search_ms = timed(search, args.requests, before=public_cache_bump)
    cached_ms = timed(search, args.requests)
    trivial_ms = timed(trivial, args.requests)
    lookup_ms = timed(lookup, args.requests)

    def line(name, values):
        return (
            f"{name:<22} p50={statistics.median(values):7.2f} ms  p95={percentile(values, 95):7.2f} ms  "
            f"p99={percentile(values, 99):7.2f} ms  max={max(values):7.2f} ms  (n={len(values)})"
        )

    print(line("search /cari/ uncached", search_ms))
    print(line("search /cari/ cached", cached_ms))
    print(line("baseline trivial view", trivial_ms))
    print(line("baseline indexed lookup", lookup_ms))
    print(f"queries per search request: min={min(counts)} max={max(counts)}")
    p95 = percentile(search_ms, 95)
    print(f"RESULT search p95_ms={p95:.1f} ratio={p95 / percentile(trivial_ms, 95):.1f}")


if __name__ == "__main__":
    main()
