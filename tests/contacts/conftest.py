import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def outlet(db):
    from contacts.models import MediaOutlet, OutletType

    return MediaOutlet.objects.create(name="Harian Nusantara", outlet_type=OutletType.PRINT, region="Jakarta")


@pytest.fixture
def make_journalist(db):
    from contacts.models import Journalist

    counter = {"n": 0}

    def _make(**kwargs):
        counter["n"] += 1
        n = counter["n"]
        kwargs.setdefault("name", f"Wartawan {n:03d}")
        kwargs.setdefault("email", f"wartawan{n}@media.example")
        return Journalist.objects.create(**kwargs)

    return _make


@pytest.fixture
def upload():
    def _upload(content, name="kontak.csv", content_type="text/csv"):
        if isinstance(content, str):
            content = content.encode("utf-8")
        return SimpleUploadedFile(name, content, content_type=content_type)

    return _upload


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
