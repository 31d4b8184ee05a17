"""Release images: renditions follow their original's access rule, and are queued on upload."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kernel import renditions
from releases import services
from releases.models import Release
from tests.conftest import HumasClient

S = Release.Status


@pytest.fixture(autouse=True)
def _no_accel(settings):
    settings.HUMAS_MEDIA_ACCEL = False


def jpeg_upload(width=1400, height=900, name="foto.jpg"):
    img = Image.effect_noise((width, height), 50).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _with_photo(release, actor):
    return services.release_update(
        release=release,
        actor=actor,
        data={"hero_alt": "Wali kota di posko"},
        photos=[{"id": None, "image": jpeg_upload(), "alt": "Warga antre di posko", "caption": "Posko"}],
        hero_image=jpeg_upload(name="utama.jpg"),
    )


def _staff(user):
    c = HumasClient()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_renditions_of_a_non_public_release_are_404_like_the_original(
    client, release_in_state, staf, sekretaris, kepala
):
    release = _with_photo(release_in_state(S.DRAFT), staf)
    originals = [release.photos.get().image, release.hero_image]
    urls = []
    for original in originals:
        urls.append(original.url)
        for r in renditions.renditions_make(original):
            urls.append(r.url)
    assert len(urls) == 2 + 2 * 6
    for url in urls:
        assert client.get(url).status_code == 404, url
        response = _staff(sekretaris).get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"

    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    release = services.release_publish(release=release, actor=sekretaris)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        if url.endswith(".webp"):
            assert response["Content-Type"] == "image/webp"
    # Back under embargo: every size closes at once, exactly like the original.
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() + timedelta(hours=2))
    for url in urls:
        assert client.get(url).status_code == 404, url
    Release.objects.filter(pk=release.pk).update(embargo_until=None)
    services.release_unpublish(release=release, actor=kepala, reason="Salah unggah.")
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_made_up_rendition_name_reveals_nothing(client, release_in_state, staf, sekretaris):
    release = _with_photo(release_in_state(S.DRAFT), staf)
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    release = services.release_publish(release=release, actor=sekretaris)
    assert client.get(release.photos.get().image.url).status_code == 200
    name = release.photos.get().image.name
    # A rendition name for a file that is not there, and one for a width never made.
    assert client.get(f"/media/{name}.w999.jpg").status_code == 404
    assert client.get("/media/releases/photos/0000.jpg.w600.jpg").status_code == 404


@pytest.mark.django_db
def test_photo_and_hero_upload_queue_renditions_on_commit(
    release_in_state, staf, django_capture_on_commit_callbacks, monkeypatch
):
    from kernel import tasks

    queued = []
    # Only the broker hop is replaced: the callback is what the service registered on commit.
    monkeypatch.setattr(tasks.renditions_make_task, "delay", lambda name: queued.append(name))
    release = release_in_state(S.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release = _with_photo(release, staf)
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(queued) == sorted([release.photos.get().image.name, release.hero_image.name])
    # A save that changes only text queues nothing.
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.release_update(release=release, actor=staf, data={"title": "Judul baru posko"})
    assert queued == []


@pytest.mark.django_db(transaction=True)
def test_worker_makes_the_renditions_after_upload(celery_worker, release_in_state, staf):
    release = _with_photo(release_in_state(S.DRAFT), staf)
    photo = release.photos.get().image
    expected = [
        renditions.rendition_name(name, w, f)
        for name in (photo.name, release.hero_image.name)
        for w in (320, 600, 1200)
        for f in ("jpeg", "webp")
    ]
    deadline = timezone.now() + timedelta(seconds=30)
    while timezone.now() < deadline and not all(default_storage.exists(n) for n in expected):
        import time

        time.sleep(0.2)
    assert all(default_storage.exists(n) for n in expected)


def _published_with_photos(release_in_state, staf, sekretaris):
    release = _with_photo(release_in_state(S.DRAFT), staf)
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    return services.release_publish(release=release, actor=sekretaris)


@pytest.mark.django_db
def test_public_pages_use_responsive_renditions(client, release_in_state, staf, sekretaris):
    import re

    release = _published_with_photos(release_in_state, staf, sekretaris)
    html = client.get(release.get_absolute_url()).content.decode()
    hero, photo = release.hero_image, release.photos.get().image
    # The hero: a <picture> with WebP and JPEG srcsets, width/height reserved, loaded first.
    assert f'<source type="image/webp" srcset="{hero.url}.w320.webp 320w, {hero.url}.w600.webp 600w' in html
    assert re.search(
        rf'<img src="{re.escape(hero.url)}\.w600\.jpg" srcset="[^"]+1200w" sizes="[^"]+"'
        r' width="600" height="386" alt="Wali kota di posko" loading="eager"',
        html,
    )
    # The gallery photo: lazily, a thumbnail for its slot, linking to the original.
    assert f'<a href="{photo.url}"><picture>' in html
    assert f'<img src="{photo.url}.w320.jpg"' in html and 'alt="Warga antre di posko" loading="lazy"' in html
    # No <img> on the page points at an original any more.
    assert f'src="{hero.url}"' not in html and f'src="{photo.url}"' not in html
    for listing in (client.get("/siaran-pers/"), client.get("/")):
        text = listing.content.decode()
        assert f'<img src="{hero.url}.w320.jpg"' in text, listing.request["PATH_INFO"]
        assert 'class="release-thumb"' in text


@pytest.mark.django_db
def test_body_images_are_served_as_renditions_under_the_editor_image_rule(
    client, release_in_state, sekretaris
):
    from django.core.files.base import ContentFile

    from kernel.media import media_random_name

    data = jpeg_upload(1600, 1000).read()
    name = default_storage.save(media_random_name("releases/editor", "jpg"), ContentFile(data))
    url = default_storage.url(name)
    body = f'<figure class="image"><img src="{url}" alt="Peta &amp; posko"></figure><p><img src="/static/x.png" alt="x"></p>'
    release = release_in_state(S.PUBLISHED)
    Release.objects.filter(pk=release.pk).update(body=body)
    html = client.get(release.get_absolute_url()).content.decode()
    assert f'<figure class="image"><picture><source type="image/webp" srcset="{url}.w320.webp 320w' in html
    assert (
        f'<img src="{url}.w600.jpg" srcset="{url}.w320.jpg 320w, {url}.w600.jpg 600w, {url}.w1200.jpg 1200w"'
        in html
    )
    assert 'width="600" height="375" alt="Peta &amp; posko" loading="lazy"' in html
    assert client.get(f"{url}.w600.webp").status_code == 200  # public: a public body shows it
    # The same rendition stops with its release (the editor image rule, through the original).
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    assert client.get(f"{url}.w600.webp").status_code == 404
