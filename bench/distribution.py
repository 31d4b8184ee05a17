"""Benchmark: a 10,000-recipient distribution through the real pipeline (ledger in PostgreSQL,
Celery over Redis, 2 worker processes, throttle in Redis, one SMTP connection per batch, DKIM
signing on) to a local aiosmtpd sink, against a bare smtplib loop sending the same rendered
messages to the same sink with the same concurrency (2 processes), each message DKIM-signed
inside the measured loop with the same key (as the pipeline signs each), measured in the same run.
Pass --no-dkim for both sides unsigned.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/humas_distribution REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python bench/distribution.py [--recipients 10000]

Uses its own database (<name>_bench, created and migrated if missing). Last line:
RESULT distribution msgs_per_s=<n> ratio=<n> (the median of --rounds rounds, 3 by default)
"""

import argparse
import multiprocessing
import os
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the sink (its own process, so it never competes with the bench for the GIL) -------------
def run_sink(port, stats_path):
    from aiosmtpd.controller import Controller

    class Counter:
        def __init__(self):
            self.n = 0
            self.ids = set()
            self.dups = 0

        async def handle_DATA(self, server, session, envelope):
            self.n += 1
            content = envelope.original_content or envelope.content
            start = content.find(b"Message-ID:")
            if start >= 0 and not content.startswith(b"Message-ID: <baseline-", start):
                # Baseline messages are sent once per baseline run: only the pipeline's count.
                mid = content[start : content.find(b"\r\n", start)]
                if mid in self.ids:
                    self.dups += 1
                self.ids.add(mid)
            return "250 OK"

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()

    def dump(*_args):
        Path(stats_path).write_text(f"{counter.n} {counter.dups}")

    signal.signal(signal.SIGUSR1, dump)
    signal.signal(signal.SIGTERM, lambda *_a: (dump(), controller.stop(), os._exit(0)))
    while True:
        signal.pause()


def sink_count(proc, stats_path):
    proc.send_signal(signal.SIGUSR1)
    for _ in range(100):
        time.sleep(0.02)
        if Path(stats_path).exists():
            text = Path(stats_path).read_text().split()
            Path(stats_path).unlink()
            return int(text[0]), int(text[1])
    raise RuntimeError("sink did not answer")


# --- baseline: bare smtplib, same messages, same concurrency ----------------------------------
def _baseline_worker(args):
    port, items, dkim_env = args
    sign = None
    if dkim_env:
        # The same signer the pipeline uses (dkimpy, the key read once), outside Django.
        from kernel.dkim import DkimSigner

        signer = DkimSigner(
            domain=dkim_env["HUMAS_DKIM_DOMAIN"],
            selector=dkim_env["HUMAS_DKIM_SELECTOR"],
            key_pem=Path(dkim_env["HUMAS_DKIM_KEY_FILE"]).read_bytes(),
        )
        sign = signer.sign
    conn = smtplib.SMTP("127.0.0.1", port)
    for from_addr, to_addr, data in items:
        conn.sendmail(from_addr, [to_addr], sign(data) if sign else data)
    conn.quit()
    return len(items)


def baseline(port, messages, processes=2, dkim_env=None):
    from django.db import connections

    # Forked children must not share the parent's database socket.
    connections.close_all()
    chunks = [messages[i::processes] for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        start = time.perf_counter()
        sent = sum(pool.map(_baseline_worker, [(port, c, dkim_env) for c in chunks]))
        elapsed = time.perf_counter() - start
    return sent, elapsed


def ensure_database(url):
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-dkim", action="store_true", help="send unsigned on both sides")
    parser.add_argument("sink", nargs="*")
    args = parser.parse_args()
    if args.sink:
        run_sink(int(args.sink[1]), args.sink[2])
        return

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/humas_distribution")
    parts = urlsplit(base_url)
    bench_url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))
    ensure_database(bench_url)
    sink_port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"),
        "HUMAS_CACHE_PREFIX": "humas-bench",
        "HUMAS_MAIL_RATE_PER_SECOND": os.environ.get("HUMAS_MAIL_RATE_PER_SECOND", "5000"),
        "HUMAS_MAIL_PER_DOMAIN_PER_MINUTE": "1000000",
        "HUMAS_SITE_URL": "https://humas.example.go.id",
        "DJANGO_SETTINGS_MODULE": "humas.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("HUMAS_TESTING", None)
    dkim_env = None
    if not args.no_dkim:
        key_file = Path(f"/tmp/humas-bench-dkim-{os.getpid()}.pem")
        subprocess.run(["openssl", "genrsa", "-out", str(key_file), "2048"], check=True, capture_output=True)
        dkim_env = {
            "HUMAS_DKIM_DOMAIN": "humas.example.go.id",
            "HUMAS_DKIM_SELECTOR": "bench",
            "HUMAS_DKIM_KEY_FILE": str(key_file),
        }
        env.update(dkim_env)
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from contacts.models import ContactList, Journalist
    from distribution import services
    from distribution.mail import envelope_sender, message_bytes, sender_address
    from distribution.models import Delivery, Distribution
    from humas.celery import app
    from kernel.roles import SEKRETARIS, roles_sync
    from releases.distribution_hooks import release_mail
    from releases.models import Release, ReleaseContact, ReleaseQuote

    # --- data ---------------------------------------------------------------------------------
    roles_sync()
    Delivery.objects.all().delete()
    Distribution.objects.all().delete()
    Journalist.objects.filter(email__endswith=".bench.example.id").delete()
    Release.objects.filter(slug="bench-siaran").delete()
    user, _ = get_user_model().objects.get_or_create(username="bench_sekretaris")
    user.groups.add(Group.objects.get(name=SEKRETARIS))
    n = args.recipients
    people = Journalist.objects.bulk_create(
        [
            Journalist(name=f"Wartawan Uji {i:05d}", email=f"w{i:05d}@media{i % 50}.bench.example.id")
            for i in range(n)
        ],
        batch_size=2000,
    )
    contact_list, _ = ContactList.objects.get_or_create(name="Bench: semua media")
    contact_list.memberships.all().delete()
    contact_list.members.add(*people)
    release = Release.objects.create(
        title="Pemerintah Provinsi Luncurkan Layanan Perizinan Daring Terpadu",
        slug="bench-siaran",
        status="approved",
        author=user,
        number="099/HUMAS/2026",
        summary="Layanan baru memangkas waktu pengurusan izin usaha dari 14 hari menjadi 3 hari kerja.",
        body="<p>" + "Warga kini dapat mengurus izin usaha sepenuhnya secara daring. " * 12 + "</p>"
        "<ul><li>Izin usaha mikro</li><li>Izin reklame</li><li>Izin mendirikan bangunan</li></ul>"
        "<p>" + "Layanan tersedia 24 jam melalui portal resmi pemerintah provinsi. " * 8 + "</p>",
    )
    ReleaseQuote.objects.create(
        release=release, speaker="Dr. Ratna Sari", role="Kepala DPMPTSP", text="Cepat."
    )
    ReleaseContact.objects.create(release=release, name="Dewi Lestari", email="dewi@humas.example.go.id")

    # This machine's PostgreSQL may run without autovacuum, and every run deletes the last run's
    # 10,000 rows: vacuum so each run starts from the same tables, as autovacuum would leave them.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    # --- services -----------------------------------------------------------------------------
    stats = Path(f"/tmp/humas-bench-sink-{os.getpid()}")
    sink = subprocess.Popen([sys.executable, __file__, "sink", str(sink_port), str(stats)], cwd=ROOT, env=env)
    time.sleep(1.0)
    app.control.purge()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "humas",
                "worker",
                "-Q",
                "mail",
                "-c",
                "1",
                "-P",
                "prefork",
                "-n",
                f"bench{i}@%h",
                "-l",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for i in range(2)
    ]
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(app.control.ping(timeout=0.5) or []) < 2:
            time.sleep(0.5)

        print("workers up; rendering", flush=True)
        dist = services.distribution_create(actor=user, source=release, lists=[contact_list])
        # --- baseline: the same rendered messages --------------------------------------------
        from_email = sender_address()
        envelope_from = envelope_sender(from_email)
        # Rendered before the pipeline runs, exactly as the pipeline renders them; the Message-IDs
        # have the pipeline's length ("baseline-" for "delivery-", so the sink tells them apart).
        deliveries = [
            Delivery(pk=10**9 + i, distribution_id=dist.pk, journalist=j, email=j.email)
            for i, j in enumerate(people)
        ]
        for d in deliveries:
            d.message_id = f"<baseline-{d.pk}.{d.distribution_id}@humas.example.go.id>"
        render_start = time.perf_counter()
        messages = [
            (
                envelope_from,
                d.email,
                message_bytes(
                    release_mail(release, d.journalist, d),
                    to_email=d.email,
                    journalist=d.journalist,
                    message_id=d.message_id,
                    from_email=from_email,
                ),
            )
            for d in deliveries
        ]
        render_time = time.perf_counter() - render_start
        # The machine may be shared and its speed drifts: the baseline runs before each pipeline
        # round and once more after the last; each round's ratio uses the mean of the baselines
        # on either side of it, and the result is the median round.
        rounds = []
        baselines = [baseline(sink_port, messages, dkim_env=dkim_env)]
        sink_seen = baselines[0][0]
        dups_seen = 0
        for round_no in range(args.rounds):
            if round_no:
                dist = services.distribution_create(actor=user, source=release, lists=[contact_list])
            print(f"pipeline round {round_no + 1}", flush=True)
            start = time.perf_counter()
            services.distribution_start(actor=user, distribution=dist)
            ledger_written = time.perf_counter() - start
            while True:
                status = Distribution.objects.filter(pk=dist.pk).values_list("status", flat=True).get()
                if status == Distribution.Status.COMPLETED:
                    break
                if time.perf_counter() - start > 600:
                    raise RuntimeError("distribution did not complete in 10 minutes")
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
            print("pipeline done", flush=True)
            sent = Delivery.objects.filter(distribution=dist, status="sent").count()
            at_sink, dups_total = sink_count(sink, stats)
            at_sink -= sink_seen
            sink_seen += at_sink
            dups, dups_seen = dups_total - dups_seen, dups_total
            baselines.append(baseline(sink_port, messages, dkim_env=dkim_env))
            sink_seen += baselines[-1][0]
            before, after = baselines[-2], baselines[-1]
            base_rate = (before[0] / before[1] + after[0] / after[1]) / 2
            rate = sent / elapsed
            rounds.append((rate / base_rate, rate, base_rate, sent, elapsed, ledger_written, at_sink, dups))

        size = sum(len(m[2]) for m in messages) / len(messages)
        print(f"recipients            {n}")
        print(f"DKIM signing          {'on (rsa-sha256, 2048-bit key), both sides' if dkim_env else 'off'}")
        print(f"mean message size     {size:.0f} bytes")
        print(f"render only (1 proc)  {len(messages) / render_time:.0f} msgs/s")
        for i, (ratio, rate, base_rate, sent, elapsed, ledger_written, at_sink, dups) in enumerate(rounds, 1):
            print(
                f"round {i}: pipeline sent {sent} in {elapsed:.2f} s = {rate:.0f} msgs/s"
                f" (ledger written + tasks queued in {ledger_written:.2f} s; at sink {at_sink},"
                f" {dups} duplicate Message-IDs); smtplib baseline {base_rate:.0f} msgs/s; ratio {ratio:.2f}"
            )
        print("baselines (2 processes, msgs/s): " + ", ".join(f"{b[0] / b[1]:.0f}" for b in baselines))
        ratio, rate = sorted(rounds)[len(rounds) // 2][:2]
        print(f"RESULT distribution msgs_per_s={rate:.0f} ratio={ratio:.2f}")
    finally:
        for proc in workers:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in workers:
            proc.wait(timeout=30)
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=10)


if __name__ == "__main__":
    main()
