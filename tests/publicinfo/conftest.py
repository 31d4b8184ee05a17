import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test's database is rolled back but the in-process page layer is not: start empty."""
    from kernel.pagecache import local_pages

    local_pages.forget()
    yield
    local_pages.forget()
