"""Backups: a PostgreSQL dump (pg_dump custom format) plus an archive of the media files, in one
folder per backup under HUMAS_BACKUP_DIR. Restore goes into an EMPTY database only."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _tool_major(path):
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def pg_tool(name, server_major):
    """The pg_dump/pg_restore whose major version is the lowest one not older than the server's
    (an older pg_dump refuses a newer server). Looks on PATH, Debian's versioned folders and the
    embedded pgserver wheel."""
    candidates = []
    if shutil.which(name):
        candidates.append(shutil.which(name))
    candidates += sorted(str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    spec = importlib.util.find_spec("pgserver")  # located without importing it (its import has side effects)
    if spec and spec.origin:
        candidates.append(str(Path(spec.origin).parent / "pginstall" / "bin" / name))
    usable = []
    for path in dict.fromkeys(candidates):
        if os.access(path, os.X_OK):
            major = _tool_major(path)
            if major >= server_major:
                usable.append((major, path))
    if not usable:
        raise BackupError(f"No {name} for PostgreSQL {server_major} or newer was found.")
    return min(usable)[1]


def _pg_env(db):
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
            "PGPASSWORD": str(db.get("PASSWORD") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    return {k: v for k, v in env.items() if v != "" or not k.startswith("PG")}


def _server_major():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def backup_create(*, directory=None):
    """Write a new backup folder and return its path."""
    root = Path(directory or settings.HUMAS_BACKUP_DIR)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = root / f"humas-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    db = connection.settings_dict
    pg_dump = pg_tool("pg_dump", _server_major())
    subprocess.run(
        [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target / "database.dump"),
        ],
        env=_pg_env(db),
        check=True,
        capture_output=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_count = 0
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    media_count += 1
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": db["NAME"],
        "media_files": media_count,
        "pg_dump": pg_dump,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return target


def backup_latest(directory=None):
    root = Path(directory or settings.HUMAS_BACKUP_DIR)
    if not root.exists():
        return None
    folders = sorted(p for p in root.glob("humas-*") if (p / MANIFEST).exists())
    if not folders:
        return None
    return json.loads((folders[-1] / MANIFEST).read_text()) | {"path": str(folders[-1])}


def backup_restore(*, source, database_url=None, media_root=None):
    """Restore a backup folder into an empty database (DATABASE_URL or the given URL) and unpack
    the media files. Refuses a database that already holds tables, so a restore never mixes data."""
    import dj_database_url
    import psycopg2

    source = Path(source)
    if not (source / MANIFEST).exists():
        raise BackupError(f"{source} is not a Humas backup (no {MANIFEST}).")
    db = dj_database_url.parse(database_url) if database_url else connection.settings_dict
    env = _pg_env(db)
    conn = psycopg2.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            if cursor.fetchone()[0]:
                raise BackupError("The target database is not empty; restore only into an empty database.")
            cursor.execute("SHOW server_version_num")
            server_major = int(cursor.fetchone()[0]) // 10000
    finally:
        conn.close()
    pg_restore = pg_tool("pg_restore", server_major)
    subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            db["NAME"],
            str(source / "database.dump"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    target_media = Path(media_root or settings.MEDIA_ROOT)
    target_media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        archive.extractall(target_media, filter="data")  # "data" refuses absolute paths and ../
    return json.loads((source / MANIFEST).read_text())
