"""The edit form's images: several photos at once, thumbnails, files kept across a failed save,
captions and alt text edited in place (permission-checked, audited), abandoned files purged."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kernel.models import AuditEntry, PendingUpload
from releases.models import Release, ReleasePhoto

from .conftest import image_bytes
from .test_staff_views import _docx, _management, _post_data

pytestmark = pytest.mark.django_db
S = Release.Status


def _jpeg(name, color=(10, 120, 200)):
    return SimpleUploadedFile(name, image_bytes("JPEG", size=(900, 600), color=color), "image/jpeg")


def _pending_ids(body):
    return re.findall(r'name="pending_upload" value="(\d+)"', body)


def test_several_photos_at_once_each_with_its_alt_caption_and_credit(client, staf):
    client.force_login(staf)
    data = _post_data(
        photos_new=[_jpeg("a.jpg"), _jpeg("b.jpg", (200, 10, 10)), _jpeg("c.jpg", (10, 200, 10))],
        **{
            "photos_new-0-alt": "Warga antre",
            "photos_new-1-alt": "Dokter memeriksa",
            "photos_new-1-caption": "Pemeriksaan gratis",
            "photos_new-2-alt": "Posko malam hari",
            "photos_new-2-credit": "Humas Kota",
        },
    )
    response = client.post(reverse("staff_releases:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    photos = list(Release.objects.get().photos.all())
    assert [(p.alt, p.caption, p.credit, p.order) for p in photos] == [
        ("Warga antre", "", "", 0),
        ("Dokter memeriksa", "Pemeriksaan gratis", "", 1),
        ("Posko malam hari", "", "Humas Kota", 2),
    ]
    # The edit form then shows each as a thumbnail (a 320 px rendition), with its fields.
    body = client.get(reverse("staff_releases:edit", args=[photos[0].release_id])).content.decode()
    for p in photos:
        assert f'src="{p.image.url}.w320.jpg"' in body
    assert 'name="photos_new"' in body and "multiple" in body


def test_chosen_files_survive_a_validation_error_and_are_attached_on_the_next_save(
    client, staf, outsider, django_capture_on_commit_callbacks
):
    client.force_login(staf)
    token = "t" * 24
    data = _post_data(
        title="",  # the validation error
        upload_token=token,
        hero_image=_jpeg("utama.jpg"),
        hero_alt="Wali kota meninjau",
        photos_new=[_jpeg("galeri.jpg")],
        **{"photos_new-0-alt": ""},  # a second error: a new photo without alt text
        **_management("attachments", 1),
        **{
            "attachments-0-file": SimpleUploadedFile("rute.docx", _docx(), "application/octet-stream"),
            "attachments-0-title": "Rute",
        },
    )
    response = client.post(reverse("staff_releases:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert Release.objects.count() == 0
    kept = {p.field: p for p in PendingUpload.objects.filter(user=staf, token=token)}
    assert set(kept) == {"hero_image", "photos-0-image", "attachments-0-file"}
    assert body.count("sudah diunggah") == 3
    assert "utama.jpg" in body and "galeri.jpg" in body and "rute.docx" in body
    assert sorted(_pending_ids(body)) == sorted(str(p.pk) for p in kept.values())
    assert f'value="{token}"' in body
    # The kept photo's thumbnail is shown to its uploader only.
    thumb = re.search(r'<img class="photo-thumb-img" src="([^"]+)"', body).group(1)
    assert client.get(thumb).status_code == 200
    other = type(client)()
    other.force_login(outsider)
    assert other.get(thumb).status_code == 404
    assert other.get(kept["attachments-0-file"].file.url).status_code == 404

    # The second try sends no files at all, only the ids of the kept ones.
    retry = _post_data(
        title="Posko kesehatan dibuka",
        upload_token=token,
        hero_alt="Wali kota meninjau",
        pending_upload=_pending_ids(body),
        **_management("photos", 1),
        **{"photos-0-alt": "Warga antre di posko"},
        **_management("attachments", 1),
        **{"attachments-0-title": "Rute"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff_releases:create"), retry)
    assert response.status_code == 302, response.content.decode()[:3000]
    release = Release.objects.get()
    assert release.hero_image and release.hero_alt == "Wali kota meninjau"
    assert release.photos.get().alt == "Warga antre di posko"
    attachment = release.attachments.get()
    assert attachment.title == "Rute" and "wordprocessingml" in attachment.content_type
    assert not PendingUpload.objects.exists()
    for p in kept.values():
        assert not default_storage.exists(p.file.name)


def test_someone_elses_pending_upload_can_not_be_claimed(client, staf, make_user):
    from kernel.roles import STAF

    other = make_user("staf_lain", role=STAF)
    token = "u" * 24
    client.force_login(staf)
    data = _post_data(title="", upload_token=token, hero_image=_jpeg("rahasia.jpg"), hero_alt="x")
    client.post(reverse("staff_releases:create"), data)
    pending = PendingUpload.objects.get(user=staf)
    client.force_login(other)
    response = client.post(
        reverse("staff_releases:create"),
        _post_data(upload_token=token, hero_alt="x", pending_upload=[str(pending.pk)]),
    )
    assert response.status_code == 302
    assert not Release.objects.get().hero_image


def test_a_ticked_away_pending_upload_is_dropped(client, staf):
    client.force_login(staf)
    token = "v" * 24
    client.post(
        reverse("staff_releases:create"),
        _post_data(title="", upload_token=token, hero_image=_jpeg("a.jpg"), hero_alt="x"),
    )
    pending = PendingUpload.objects.get()
    response = client.post(
        reverse("staff_releases:create"),
        _post_data(
            upload_token=token,
            hero_alt="x",
            pending_upload=[str(pending.pk)],
            pending_discard=[str(pending.pk)],
        ),
    )
    assert response.status_code == 302
    assert not Release.objects.get().hero_image and not PendingUpload.objects.exists()


def test_abandoned_pending_uploads_are_purged_after_a_day(client, staf):
    from kernel.tasks import pending_uploads_purge_task

    client.force_login(staf)
    client.post(
        reverse("staff_releases:create"),
        _post_data(title="", upload_token="w" * 24, hero_image=_jpeg("a.jpg"), hero_alt="x"),
    )
    old = PendingUpload.objects.get()
    client.post(
        reverse("staff_releases:create"),
        _post_data(title="", upload_token="z" * 24, hero_image=_jpeg("b.jpg"), hero_alt="x"),
    )
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert pending_uploads_purge_task.apply().get() == 1
    assert not default_storage.exists(old.file.name)
    assert list(PendingUpload.objects.values_list("original_name", flat=True)) == ["b.jpg"]


@pytest.fixture
def draft_with_photo(make_release, staf):
    release = make_release()
    photo = ReleasePhoto.objects.create(
        release=release, image=SimpleUploadedFile("x.png", image_bytes()), alt="Alt lama", caption="Lama"
    )
    return release, photo


def test_caption_and_alt_edited_in_place_are_saved_and_audited(client, staf, draft_with_photo):
    release, photo = draft_with_photo
    client.force_login(staf)
    body = client.get(reverse("staff_releases:edit", args=[release.pk])).content.decode()
    url = reverse("staff_releases:photo_inline", args=[release.pk, photo.pk])
    assert f'data-inline-url="{url}"' in body
    response = client.post(
        url, {"alt": "Warga antre <b>obat</b>", "caption": "Posko Cempaka", "credit": "Humas"}
    )
    assert response.status_code == 200 and response.json()["ok"]
    photo.refresh_from_db()
    # Plain text is stored as typed (issue 17's rule) and escaped once where it is shown.
    assert (photo.alt, photo.caption, photo.credit) == ("Warga antre <b>obat</b>", "Posko Cempaka", "Humas")
    entry = AuditEntry.objects.filter(action="release.photo_update").get()
    assert entry.actor == staf
    assert entry.data["changed"]["caption"] == {"from": "Lama", "to": "Posko Cempaka"}
    # Alt text can not be emptied in place either.
    response = client.post(url, {"alt": "  ", "caption": "x"})
    assert response.status_code == 400 and response.json()["field"] == "alt"
    photo.refresh_from_db()
    assert photo.alt == "Warga antre <b>obat</b>"


def test_in_place_edit_is_permission_checked(
    client, ppid, outsider, sekretaris, staf, draft_with_photo, release_in_state
):
    release, photo = draft_with_photo
    url = reverse("staff_releases:photo_inline", args=[release.pk, photo.pk])
    client.force_login(outsider)
    assert client.post(url, {"alt": "x"}).status_code == 404
    client.force_login(ppid)
    assert client.post(url, {"alt": "x"}).status_code == 404
    client.force_login(staf)
    assert client.get(url).status_code == 405
    # A photo of another release through this release's URL: 404.
    other = release_in_state(S.DRAFT)
    assert (
        client.post(
            reverse("staff_releases:photo_inline", args=[other.pk, photo.pk]), {"alt": "x"}
        ).status_code
        == 404
    )
    # Once submitted the release is not editable: refused, nothing changed.
    from releases import services

    services.release_submit(release=release, actor=staf)
    response = client.post(url, {"alt": "Baru", "caption": "Baru"})
    assert response.status_code == 400
    photo.refresh_from_db()
    assert photo.alt == "Alt lama"
    assert not AuditEntry.objects.filter(action="release.photo_update").exists()
