"""Benchmark of the public release pages against a trivial Django view, same server, same run.

    DATABASE_URL=... REDIS_URL=... python bench/public_pages.py [--count 100000] [--seconds 10]

Uses its own database (default: <DATABASE_URL's db>_bench, created and seeded with
`seed_releases` when it holds fewer releases than --count), starts gunicorn with 2 workers on a
free loopback port with DEBUG off and caching on, drives it with a bounded client (threads,
http.client keep-alive) for a bounded time, and prints figures. Last line:

    RESULT public_pages ratio=<detail rps / trivial rps> search_p95_ms=<n>
"""

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCH_TERMS = [
    "banjir",
    "vaksinasi",
    "posko kesehatan",
    "jembatan",
    "beasiswa",
    "pasar",
    "stunting",
    "anggaran daerah",
    "evakuasi",
    "perizinan digital",
    "pelatihan kerja",
    "sengketa lahan",
    "festival budaya",
    "air bersih",
    "kebakaran",
    "Nusantara",
    "koperasi",
    "sertifikat tanah",
    "transportasi",
    "rumah sakit",
    "inovasi",
    "toleransi",
    "drainase",
    "stadion",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.public_pages_settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY")
            or "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123",
            "HUMAS_CACHE_PREFIX": "humas-bench",
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


def prepare_database(base_url, count, env_base):
    parts = urlsplit(base_url)
    dbname = parts.path.lstrip("/") + "_bench"
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
    env = bench_env(url)
    manage(env, "migrate", "--noinput", "-v0")
    have = int(
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from releases.models import Release; print(Release.objects.filter(status='published').count())",
        ).strip()
    )
    if have < count:
        t0 = time.time()
        print(f"seeding {count - have} releases into {dbname} ...", flush=True)
        print(
            manage(env, "seed_releases", "--count", str(count - have)).strip(),
            f"({time.time() - t0:.0f} s)",
            flush=True,
        )
    return url, env


def fetch_paths(env, n):
    out = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        f"from releases.selectors import release_public_list as q; print('\\n'.join(q().values_list('slug', flat=True)[:{n}]))",
    )
    return [f"/siaran-pers/{s}/" for s in out.split()]


def start_gunicorn(env, port):
    cmd = [
        PYTHON,
        "-m",
        "gunicorn",
        "humas.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "--pythonpath",
        str(ROOT),
        "--chdir",
        str(ROOT),
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/bench-trivial/")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def run_load(port, paths, seconds, threads, expect=200):
    latencies = []
    errors = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local = []
        while time.perf_counter() < stop_at:
            path = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Language": "id"})
                resp = conn.getresponse()
                resp.read()
                if resp.status != expect:
                    errors.append((path, resp.status))
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException) as exc:
                errors.append((path, repr(exc)))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            local.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(local)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": errors[:5],
        "error_count": len(errors),
        "latencies": latencies,
        "elapsed": elapsed,
    }


def merge(results):
    latencies = sorted(x for r in results for x in r["latencies"])
    seconds = sum(r["elapsed"] for r in results)

    def pct(p):
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": [e for r in results for e in r["errors"]][:5],
        "error_count": sum(r["error_count"] for r in results),
    }


def show(name, r):
    print(
        f"{name:<14} {r['requests']:>7} req  {r['rps']:>8.1f} rps  p50 {r['p50']:6.2f} ms  p95 {r['p95']:6.2f} ms  "
        f"p99 {r['p99']:6.2f} ms  errors {r['error_count']}",
        flush=True,
    )
    if r["errors"]:
        print("   e.g.", r["errors"], flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/humas")
    url, env = prepare_database(base_url, args.count, os.environ)
    details = fetch_paths(env, 300)
    port = free_port()
    proc = start_gunicorn(env, port)
    try:
        lists = ["/siaran-pers/"] + [f"/siaran-pers/?page={n}" for n in range(2, 40)]
        searches = [f"/cari/?q={quote(t)}" for t in SEARCH_TERMS]
        print(
            f"database {urlsplit(url).path[1:]}, {args.count} published releases; gunicorn 2 workers (gthread x2), "
            f"client {args.threads} threads keep-alive, {args.seconds:.0f} s per run",
            flush=True,
        )
        # Cold pass: every page once, from an empty page cache (each a miss: the real queries).
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "shell",
                "--no-imports",
                "-c",
                "from django.core.cache import cache; cache.delete_many([k for k in []]); "
                "from kernel.pagecache import public_cache_bump; public_cache_bump()",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        time.sleep(1.5)  # the workers re-read the version within a second
        cold = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path in details + lists:
            t0 = time.perf_counter()
            conn.request("GET", path)
            conn.getresponse().read()
            cold.append((time.perf_counter() - t0) * 1000)
        conn.close()
        cold.sort()
        print(
            f"cold misses    {len(cold):>7} req  p50 {cold[len(cold) // 2]:6.2f} ms  p95 {cold[int(len(cold) * 0.95)]:6.2f} ms  "
            f"max {cold[-1]:6.2f} ms  (detail + list pages rendered from the database)",
            flush=True,
        )
        # Then warm the workers' own memory for a few seconds: the figures are for a warm, cached site.
        run_load(port, details + lists + ["/bench-trivial/"], 3, args.threads)
        # The machine is shared: measure in short interleaved rounds (trivial, detail, list, search)
        # and take the median of the per-round ratios, so a burst of outside load hits all alike.
        rounds = 5
        seg = args.seconds / rounds
        runs = {name: [] for name in ("trivial", "detail", "list", "search")}
        for _round in range(rounds):
            runs["trivial"].append(run_load(port, ["/bench-trivial/"], seg, args.threads))
            runs["detail"].append(run_load(port, details, seg, args.threads))
            runs["list"].append(run_load(port, lists, seg, args.threads))
            # Search is not cached (every query hits PostgreSQL): its latency, one client at a time.
            runs["search"].append(run_load(port, searches, seg, 1))
        merged = {name: merge(rs) for name, rs in runs.items()}
        for name in ("trivial", "detail", "list", "search"):
            show(name, merged[name])
        ratio = statistics.median(
            d["rps"] / t["rps"] for d, t in zip(runs["detail"], runs["trivial"], strict=True)
        )
        list_ratio = statistics.median(
            d["rps"] / t["rps"] for d, t in zip(runs["list"], runs["trivial"], strict=True)
        )
        search = merged["search"]
        print(
            "per-round detail/trivial: "
            + " ".join(
                f"{d['rps'] / t['rps']:.2f}" for d, t in zip(runs["detail"], runs["trivial"], strict=True)
            )
        )
        print(
            f"detail/trivial {ratio:.2f}  list/trivial {list_ratio:.2f}  (median of rounds; target >= 0.60, p99 < 50 ms)"
        )
        print(f"search p95 {search['p95']:.1f} ms at {args.count} releases (target < 50 ms)")
        print(f"RESULT public_pages ratio={ratio:.2f} search_p95_ms={search['p95']:.1f}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
