"""Production static files: fingerprinted names (cache forever) and pre-compressed copies."""

import re

import pytest
from django.core.management import call_command


@pytest.mark.slow
def test_collectstatic_with_production_storage_fingerprints_and_compresses(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The project's own files (the apps' admin/editor assets go through the same storage; leaving
    # them out keeps this test quick).
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    root = settings.STATIC_ROOT
    css = [p.name for p in (root / "css").iterdir()]
    hashed = [n for n in css if re.fullmatch(r"humas\.[0-9a-f]{12}\.css", n)]
    assert hashed, css
    assert f"{hashed[0]}.gz" in css and f"{hashed[0]}.br" in css
    assert (root / "staticfiles.json").exists()
    axe = list((root / "vendor" / "axe-core").glob("axe.min.*.js.br"))
    assert axe, "vendored JS is compressed too"
    # The compressed stylesheet is much smaller than the original.
    original = (root / "css" / hashed[0]).stat().st_size
    assert (root / "css" / f"{hashed[0]}.br").stat().st_size < original / 3
