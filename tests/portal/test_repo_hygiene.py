"""No tracked file holds a merge-conflict marker (the same rule `python3 dev.py test` checks with
git grep before it lints; here it is part of the suite, so CI and a bare pytest run see it too)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from humas import devenv

ROOT = Path(settings.BASE_DIR)
# The markers git writes, each at the start of a line; translation catalogues are left out (a
# msgstr may be a line of "=======").
MARKER = re.compile(rb"^(?:<{7} |>{7} |={7}$)", re.MULTILINE)
NEWLINE = b"\n"
GIT = shutil.which("git")


def _tracked_files():
    if GIT is None:
        pytest.skip("git is not installed")
    listing = subprocess.run([GIT, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listing.returncode:
        pytest.skip("not a git checkout")
    return [name for name in listing.stdout.decode().split("\0") if name and not name.endswith(".po")]


def test_no_tracked_file_has_a_conflict_marker():
    found = []
    for name in _tracked_files():
        path = ROOT / name
        if not path.is_file():  # deleted in the work tree, not yet committed
            continue
        data = path.read_bytes()
        for match in MARKER.finditer(data):
            found.append(f"{name}:{data.count(NEWLINE, 0, match.start()) + 1}")
    assert found == [], "merge-conflict markers: resolve them"


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_the_test_command_refuses_a_conflict(tmp_path):
    def git(*args):
        subprocess.run([GIT, *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "style.css").write_text("a { color: red; }\n")
    (tmp_path / "nl.po").write_text('msgid "x"\n=======\n')
    git("add", ".")
    assert devenv.conflict_markers(tmp_path) == []
    (tmp_path / "style.css").write_text(
        "<<<<<<< HEAD\na { color: red; }\n=======\na { color: blue; }\n>>>>>>> main\n"
    )
    assert devenv.conflict_markers(tmp_path) == [
        "style.css:1:<<<<<<< HEAD",
        "style.css:3:=======",
        "style.css:5:>>>>>>> main",
    ]
