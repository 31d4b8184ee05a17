#!/usr/bin/env python3
"""Humas's two commands, needing nothing but Python 3.11:

    python3 dev.py run    # the whole system: web, worker, beat, mail sink, embedded services, demo data
    python3 dev.py test   # ruff and the whole test suite

It creates .venv, installs requirements.txt when it changed, then hands over to humas/devenv.py.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"

if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
    sys.exit("Humas needs Python 3.11 or newer.")


def ensure_venv():
    python = VENV / "bin" / "python"
    if not python.exists():
        print("[humas] creating .venv", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    stamp = VENV / ".requirements.sha256"
    if not stamp.exists() or stamp.read_text().strip() != digest:
        print("[humas] installing requirements.txt into .venv", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
        subprocess.check_call([*pip, "install", "-q", "-r", str(ROOT / "requirements.txt")])
        stamp.write_text(digest)
    return python


if __name__ == "__main__":
    python = ensure_venv()
    os.chdir(ROOT)
    os.execv(str(python), [str(python), "-m", "humas.devenv", *sys.argv[1:]])  # noqa: S606
