import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture
def category(db):
    from releases.models import Category

    return Category.objects.create(name="Kesehatan", slug="kesehatan")


@pytest.fixture
def make_release(db, staf, category):
    """A release created through the services, as `author` (default: staf)."""
    from releases import services

    counter = {"n": 0}

    def _make(author=None, **data):
        counter["n"] += 1
        values = {
            "title": f"Posko kesehatan banjir dibuka nomor {counter['n']}",
            "summary": "Pemerintah kota membuka posko kesehatan bagi warga terdampak banjir.",
            "body": "<p>Posko kesehatan melayani warga selama dua puluh empat jam.</p>",
            "category": category,
        }
        values.update(data)
        return services.release_create(
            actor=author or staf,
            data=values,
            quotes=[
                {"speaker": "dr. Hendra", "role": "Kepala Dinas Kesehatan", "text": "Kami siap melayani."}
            ],
            contacts=[
                {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
            ],
            tags=["kesehatan", "banjir"],
        )

    return _make


@pytest.fixture
def release_in_state(make_release, staf, sekretaris, sekretaris2, kepala):
    """Build a release in a given status through the real workflow."""
    from releases import services
    from releases.models import Release

    S = Release.Status

    def _in(status, **data):
        r = make_release(**data)
        if status == S.DRAFT:
            return r
        r = services.release_submit(release=r, actor=staf)
        if status == S.IN_REVIEW:
            return r
        r = services.release_approve(release=r, actor=sekretaris)
        if status == S.APPROVED:
            return r
        if status == S.SCHEDULED:
            from datetime import timedelta

            from django.utils import timezone

            return services.release_schedule(
                release=r, actor=sekretaris, publish_at=timezone.now() + timedelta(hours=2)
            )
        r = services.release_publish(release=r, actor=sekretaris)
        if status == S.PUBLISHED:
            return r
        if status == S.WITHDRAWN:
            return services.release_withdraw(release=r, actor=sekretaris, reason="Data anggaran keliru.")
        if status == S.UNPUBLISHED:
            return services.release_unpublish(release=r, actor=kepala, reason="Salah unggah.")
        raise ValueError(status)

    return _in


def image_bytes(fmt="PNG", size=(40, 30), color=(200, 30, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def png_upload():
    def _make(name="foto.png"):
        return SimpleUploadedFile(name, image_bytes(), content_type="image/png")

    return _make


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Six role users per test: PBKDF2 would spend most of the run hashing passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _forget_local_pages():
    # The per-process page layer outlives a test; the Redis side is emptied by tests/conftest.py.
    from kernel.pagecache import local_pages

    local_pages.forget()
    yield
    local_pages.forget()
