"""Drafts autosave through the same service and version check as the save button; a stale
autosave is reported (409), never written; only drafts, only for people who may edit."""

import pytest
from django.urls import reverse

from kernel.models import AuditEntry
from releases import services
from releases.models import Release

from .editing import edit_data

pytestmark = pytest.mark.django_db
S = Release.Status


def _autosave(client, release, data):
    return client.post(reverse("staff_releases:autosave", args=[release.pk]), data)


def test_autosave_saves_the_draft_and_answers_the_new_version(client, make_release, staf):
    release = make_release(title="Judul awal")
    client.force_login(staf)
    response = _autosave(client, release, edit_data(release, title="Judul diketik"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["version"] == 2
    assert body["message"].startswith("Tersimpan otomatis ") and body["message"][-5:] == body["saved_at"]
    release.refresh_from_db()
    assert release.title == "Judul diketik" and release.version == 2
    revision = release.revisions.order_by("-number").first()
    assert revision.note == "Tersimpan otomatis" and revision.release_version == 2

    # The next autosave, based on the version it was given, continues that revision.
    response = _autosave(client, release, edit_data(release, title="Judul diketik lagi"))
    assert response.json()["version"] == 3
    assert release.revisions.count() == 2
    assert release.revisions.get(number=2).snapshot["title"] == "Judul diketik lagi"
    assert AuditEntry.objects.filter(action="release.autosave").count() == 1


def test_autosave_with_a_stale_version_is_reported_not_written(client, make_release, staf, kepala):
    release = make_release(title="Judul awal")
    stale = edit_data(release, title="Ketikan saya")
    services.release_update(release=release, actor=kepala, data={"title": "Judul Kepala"}, base_version=1)
    client.force_login(staf)
    response = _autosave(client, release, stale)
    assert response.status_code == 409
    assert response.json()["conflict"] is True and "sudah diubah" in response.json()["message"]
    release.refresh_from_db()
    assert release.title == "Judul Kepala" and release.version == 2


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APPROVED, S.PUBLISHED])
def test_autosave_saves_drafts_only(client, release_in_state, staf, status):
    release = release_in_state(status)
    client.force_login(staf)
    response = _autosave(client, release, edit_data(release, title="Diam-diam diubah"))
    assert response.status_code == 400 and response.json()["ok"] is False
    assert Release.objects.get(pk=release.pk).title != "Diam-diam diubah"


def test_autosave_is_permission_checked(client, make_release, ppid, outsider):
    release = make_release()
    data = edit_data(release, title="Bukan hak saya")
    for user in (ppid, outsider):
        client.force_login(user)
        assert _autosave(client, release, data).status_code == 404
    client.logout()
    assert _autosave(client, release, data).status_code in (302, 404)
    assert Release.objects.get(pk=release.pk).title != "Bukan hak saya"
    client.force_login(ppid)
    assert client.get(reverse("staff_releases:autosave", args=[release.pk])).status_code in (404, 405)


def test_autosave_leaves_photos_alone(client, make_release, staf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases.models import ReleasePhoto

    from .conftest import image_bytes

    release = make_release()
    ReleasePhoto.objects.create(release=release, image=SimpleUploadedFile("x.png", image_bytes()), alt="Foto")
    client.force_login(staf)
    # The form as posted by the script carries no photo rows (no files every 20 seconds).
    assert _autosave(client, release, edit_data(release, title="Judul baru")).status_code == 200
    assert release.photos.count() == 1


def test_edit_page_carries_the_version_and_the_autosave_hooks(client, make_release, staf):
    release = make_release()
    client.force_login(staf)
    page = client.get(reverse("staff_releases:edit", args=[release.pk])).content.decode()
    assert 'name="version" value="1"' in page
    assert f'data-autosave-url="{reverse("staff_releases:autosave", args=[release.pk])}"' in page
    assert "data-warn-unsaved" in page and "js/release-autosave.js" in page and "js/warn-unsaved.js" in page
    assert 'data-testid="autosave-status"' in page


def test_a_new_release_becomes_a_draft_at_its_first_autosave(client, staf, ppid, category):
    from .editing import management

    new = {
        "version": "",
        "title": "Siaran yang baru diketik",
        "summary": "Teras awal.",
        "body": "<p>Isi awal.</p>",
        "category": str(category.pk),
        "language": "id",
        "tags_text": "",
        **management("quotes", 1),
        **management("contacts", 1),
        "contacts-0-name": "Rina",
        **management("photos", 1),
        **management("attachments", 1),
    }
    client.force_login(ppid)
    assert client.post(reverse("staff_releases:autosave_new"), new).status_code == 404
    client.force_login(staf)
    page = client.get(reverse("staff_releases:create")).content.decode()
    assert f'data-autosave-url="{reverse("staff_releases:autosave_new")}"' in page
    assert client.post(reverse("staff_releases:autosave_new"), {**new, "title": ""}).status_code == 400
    assert not Release.objects.exists()

    body = client.post(reverse("staff_releases:autosave_new"), new).json()
    release = Release.objects.get()
    assert body["ok"] and body["version"] == 1 and release.status == S.DRAFT and release.author == staf
    assert body["edit_url"] == reverse("staff_releases:edit", args=[release.pk])
    assert body["autosave_url"] == reverse("staff_releases:autosave", args=[release.pk])
    assert release.contacts.get().name == "Rina"
    # The page carries on as the draft's form: the next autosave updates it, no second release.
    again = client.post(body["autosave_url"], {**new, "version": "1", "title": "Judul lanjutan"}).json()
    assert again["ok"] and again["version"] == 2
    assert Release.objects.get().title == "Judul lanjutan"
