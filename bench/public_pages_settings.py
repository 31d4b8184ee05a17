"""Settings for bench/public_pages.py: production settings plus a trivial baseline view (its own
urlconf, so the baseline never exists in production)."""

from humas.settings import *  # noqa: F403

ROOT_URLCONF = "bench.public_pages_urls"
# No collectstatic in a benchmark: plain storage gives {% static %} its URLs without a manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
