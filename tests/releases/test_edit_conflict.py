"""No lost work: an edit based on an old version is refused, shows what changed meanwhile and
keeps everything the user typed; the user can then reapply hers or take theirs."""

import html

import pytest
from django.urls import reverse

from kernel.models import AuditEntry
from kernel.refusal import Refusal
from kernel.roles import STAF
from releases import services
from releases.models import Release

from .editing import edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staf2(make_user):
    return make_user("dewi", STAF, first_name="Dewi", last_name="Lestari")


def test_every_content_save_bumps_the_version(make_release, staf):
    release = make_release()
    assert release.version == 1
    release = services.release_update(
        release=release, actor=staf, data={"title": "Judul dua"}, base_version=1
    )
    assert release.version == 2
    assert release.revisions.get(number=2).release_version == 2


def test_a_stale_save_is_refused_and_writes_nothing(make_release, staf, staf2):
    release = make_release(title="Judul awal")
    services.release_update(release=release, actor=staf2, data={"title": "Judul Dewi"}, base_version=1)
    audits = AuditEntry.objects.count()
    with pytest.raises(Refusal) as refused:
        services.release_update(release=release, actor=staf, data={"title": "Judul Andi"}, base_version=1)
    assert refused.value.code == "conflict"
    assert "Dewi Lestari" in str(refused.value)
    release.refresh_from_db()
    assert release.title == "Judul Dewi" and release.version == 2
    assert release.revisions.count() == 2 and AuditEntry.objects.count() == audits


def test_conflict_page_shows_their_change_and_keeps_my_typing(client, make_release, staf, staf2):
    release = make_release(title="Posko banjir dibuka", summary="Teras asli.")
    opened_by_me = edit_data(release)  # I open the form at version 1 ...
    client.force_login(staf2)  # ... and Dewi saves first, from her own tab.
    response = client.post(
        reverse("staff_releases:edit", args=[release.pk]),
        edit_data(release, title="Posko banjir dibuka di 12 kelurahan", summary="Teras Dewi."),
    )
    assert response.status_code == 302

    client.force_login(staf)
    mine = {
        **opened_by_me,
        "title": "Posko banjir dibuka 24 jam",
        "body": "<p>Kalimat yang saya ketik dengan susah payah.</p>",
        "quotes-0-text": "Kutipan baru saya.",
    }
    response = client.post(reverse("staff_releases:edit", args=[release.pk]), mine)
    assert response.status_code == 200
    page = response.content.decode()
    conflict = page.split('data-testid="conflict"')[1].split('id="release-form"')[0]
    # Who and what: Dewi, her title and lead change, field by field.
    assert "Dewi Lestari" in conflict
    assert 'data-field="title"' in conflict and "<ins>di 12 kelurahan</ins>" in conflict
    assert 'data-field="summary"' in conflict and "<ins>Dewi.</ins>" in conflict
    assert 'data-field="body"' not in conflict.split('data-testid="reapply"')[0]  # she left the body
    # Everything I typed is still in the form.
    assert 'value="Posko banjir dibuka 24 jam"' in page
    assert html.escape("<p>Kalimat yang saya ketik dengan susah payah.</p>") in page
    assert "Kutipan baru saya." in page
    assert 'name="reapply_version" value="2"' in page and "data-unsaved" in page
    assert "data-autosave-url" not in page  # no autosave over their version while she decides
    # Where only Dewi changed a field (the lead), the form now holds hers; where both did (the
    # title), mine stays and is named for a second look.
    assert "Teras Dewi.</textarea>" in page
    assert "Ringkasan/teras" in page.split('data-testid="conflict-taken"')[1].split("</p>")[0]
    assert "Judul" in page.split('data-testid="conflict-both"')[1].split("</p>")[0]
    release.refresh_from_db()
    assert release.title == "Posko banjir dibuka di 12 kelurahan" and release.version == 2

    # "Terapkan ulang isian saya": the same input, now knowingly on top of version 2.
    response = client.post(
        reverse("staff_releases:edit", args=[release.pk]), {**mine, "reapply_version": "2"}
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title == "Posko banjir dibuka 24 jam" and "susah payah" in release.body
    assert release.quotes.get().text == "Kutipan baru saya." and release.version == 3


def test_reapplying_over_a_version_that_moved_again_is_refused_again(client, make_release, staf, staf2):
    release = make_release()
    stale = edit_data(release, title="Versi saya")
    services.release_update(release=release, actor=staf2, data={"title": "Dewi 1"}, base_version=1)
    services.release_update(release=release, actor=staf2, data={"title": "Dewi 2"}, base_version=2)
    client.force_login(staf)
    response = client.post(
        reverse("staff_releases:edit", args=[release.pk]), {**stale, "reapply_version": "2"}
    )
    assert response.status_code == 200 and 'data-testid="conflict"' in response.content.decode()
    assert Release.objects.get(pk=release.pk).title == "Dewi 2"


def test_their_quotes_and_contacts_are_kept_when_i_left_them_alone(client, make_release, staf, staf2):
    release = make_release()
    stale = edit_data(release, title="Judul saya")
    services.release_update(
        release=release,
        actor=staf2,
        data={},
        contacts=[{"name": "Budi", "role": "Humas", "phone": "0813", "email": "budi@example.go.id"}],
        base_version=1,
    )
    client.force_login(staf)
    page = client.post(reverse("staff_releases:edit", args=[release.pk]), stale).content.decode()
    assert 'value="Budi"' in page and 'value="Rina"' not in page and 'value="Judul saya"' in page
    assert "Narahubung" in page.split('data-testid="conflict-taken"')[1].split("</p>")[0]


def test_take_theirs_is_a_fresh_edit_page(client, make_release, staf, staf2):
    release = make_release()
    stale = edit_data(release, title="Versi saya")
    services.release_update(release=release, actor=staf2, data={"title": "Versi Dewi"}, base_version=1)
    client.force_login(staf)
    page = client.post(reverse("staff_releases:edit", args=[release.pk]), stale).content.decode()
    assert f'href="{reverse("staff_releases:edit", args=[release.pk])}" data-discard-unsaved' in page
    fresh = client.get(reverse("staff_releases:edit", args=[release.pk])).content.decode()
    assert 'value="Versi Dewi"' in fresh and 'name="version" value="2"' in fresh
