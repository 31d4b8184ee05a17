"""Review that reads like review: every field of any two revisions compared, tables cell by cell."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from releases import services
from releases.models import Category, ReleaseAttachment, ReleasePhoto
from releases.revisions import body_tables, diff_table
from releases.selectors import release_revisions, revision_diff

from .conftest import image_bytes

pytestmark = pytest.mark.django_db

TABLE = (
    "<figure class='table'><table><tbody>"
    "<tr><td>Kecamatan</td><td>Pengungsi</td></tr>"
    "<tr><td>Utara</td><td>120</td></tr>"
    "<tr><td>Selatan</td><td>80</td></tr>"
    "</tbody></table></figure>"
)


def _entries(a, b):
    return {e["key"]: e for e in revision_diff(a, b)}


def test_every_field_is_compared_and_a_table_cell_by_cell(make_release, staf):
    release = make_release(body="<p>Posko dibuka.</p>" + TABLE)
    ReleasePhoto.objects.create(
        release=release, image=SimpleUploadedFile("a.png", image_bytes()), alt="Posko"
    )
    services.release_update(release=release, actor=staf, data={})  # revision 2 records the photo
    banjir = Category.objects.create(name="Kebencanaan", slug="kebencanaan")
    embargo = timezone.now() + timedelta(days=1)
    services.release_update(
        release=release,
        actor=staf,
        data={
            "title": "Judul baru",
            "summary": "Teras baru.",
            "body": "<p>Posko dibuka.</p>" + TABLE.replace("<td>120</td>", "<td>125</td>"),
            "category": banjir,
            "embargo_until": embargo,
            "publish_at": embargo + timedelta(hours=1),
        },
        quotes=[{"speaker": "Wali Kota", "role": "", "text": "Kami hadir."}],
        contacts=[{"name": "Budi", "role": "Humas", "phone": "0813", "email": "budi@example.go.id"}],
        photos=[
            {
                "id": release.photos.get().pk,
                "delete": False,
                "alt": "Posko di Utara",
                "caption": "",
                "credit": "",
            }
        ],
        tags=["banjir", "posko"],
    )
    ReleaseAttachment.objects.create(
        release=release, file=SimpleUploadedFile("d.pdf", b"%PDF-1.4"), title="Data", content_type="x", size=8
    )
    services.release_update(release=release, actor=staf, data={})  # revision 4 records the attachment
    revs = {r.number: r for r in release_revisions(release)}
    diff = _entries(revs[2], revs[4])
    for key in (
        "title",
        "summary",
        "category",
        "tags",
        "embargo_until",
        "publish_at",
        "photos",
        "attachments",
        "contacts",
        "quotes",
        "body",
    ):
        assert diff[key]["changed"], key
    assert not diff["language"]["changed"] and not diff["hero"]["changed"]
    assert (
        "<del>Kesehatan</del>" in diff["category"]["html"]
        and "<ins>Kebencanaan</ins>" in diff["category"]["html"]
    )
    assert "<ins>posko</ins>" in diff["tags"]["html"]
    assert "WIB" in diff["embargo_until"]["html"] and "<ins>" in diff["publish_at"]["html"]
    assert "<ins>di Utara</ins>" in diff["photos"]["html"] and 'class="diff-chg"' in diff["photos"]["html"]
    assert "diff-ins" in diff["attachments"]["html"] and "Data" in diff["attachments"]["html"]
    assert "<del>Rina" in diff["contacts"]["html"] and "<ins>Budi" in diff["contacts"]["html"]
    assert "<ins>Wali Kota:</ins>" in diff["quotes"]["html"] and "<ins>hadir.</ins>" in diff["quotes"]["html"]
    # The table: exactly one cell changed, shown as that cell; the text diff leaves it out.
    (table,) = diff["body"]["tables"]
    assert table["changed"] == 1
    assert '<td class="cell-changed"><del>120</del> <ins>125</ins></td>' in table["html"]
    assert "<td>Utara</td>" in table["html"] and "<td>80</td>" in table["html"]
    assert "120" not in diff["body"]["html"]
    # Any two revisions: 1 against 3 too, in either direction.
    assert _entries(revs[3], revs[1])["title"]["changed"]


def test_images_in_the_body_are_compared_with_their_alt(make_release, staf):
    release = make_release(body='<p>Isi.</p><img src="/media/releases/editor/a.png" alt="Peta lama">')
    services.release_update(
        release=release,
        actor=staf,
        data={"body": '<p>Isi.</p><img src="/media/releases/editor/a.png" alt="Peta baru">'},
    )
    revs = {r.number: r for r in release_revisions(release)}
    body = _entries(revs[1], revs[2])["body"]
    assert (
        body["changed"] and "<del>lama</del> <ins>baru</ins>" in body["images"] and "a.png" in body["images"]
    )


def test_table_rows_added_and_removed():
    old = [["A", "1"], ["B", "2"]]
    new = [["A", "1"], ["C", "3"], ["B", "2"]]
    html, changed = diff_table(old, new)
    assert changed == 2 and '<tr class="row-ins"><td>C</td><td>3</td></tr>' in html
    assert body_tables("<table><tr><td>x <b>y</b></td></tr></table>") == [[["x y"]]]


def test_compare_page_lets_the_user_pick_any_two_revisions(client, make_release, staf, sekretaris):
    release = make_release(title="Satu")
    services.release_update(release=release, actor=staf, data={"title": "Dua"})
    services.release_update(release=release, actor=staf, data={"title": "Tiga"})
    client.force_login(sekretaris)
    url = reverse("staff_releases:compare", args=[release.pk])
    page = client.get(url, {"a": 1, "b": 3}).content.decode()
    assert "<del>Satu</del>" in page and "<ins>Tiga</ins>" in page
    assert 'data-field="category"' in page and 'data-field="attachments"' in page
    only = client.get(url, {"a": 1, "b": 3, "berubah": "1"}).content.decode()
    assert 'data-field="title"' in only and 'data-field="category"' not in only


def test_old_revisions_get_a_snapshot_of_what_they_recorded(make_release, staf):
    import importlib

    from django.apps import apps

    release = make_release(title="Lama")
    revision = release.revisions.get()
    revision.snapshot, revision.release_version = {}, None
    revision.save()
    migration = importlib.import_module("releases.migrations.0009_revision_snapshots_backfill")
    migration.forwards(apps, None)
    revision.refresh_from_db()
    assert revision.release_version == 1
    assert revision.snapshot["title"] == "Lama" and revision.snapshot["contacts"][0]["name"] == "Rina"
    assert "category" not in revision.snapshot  # never recorded: not invented
    services.release_update(release=release, actor=staf, data={"title": "Baru"})
    diff = _entries(revision, release.revisions.get(number=2))
    assert diff["title"]["changed"] and diff["category"]["recorded"] is False


def test_restore_brings_back_category_and_tags(make_release, staf):
    release = make_release()
    other = Category.objects.create(name="Lain", slug="lain")
    services.release_update(release=release, actor=staf, data={"category": other}, tags=["baru"])
    services.release_restore_revision(release=release, revision=release.revisions.get(number=1), actor=staf)
    release.refresh_from_db()
    assert release.category.name == "Kesehatan"
    assert sorted(t.name for t in release.tags.all()) == ["banjir", "kesehatan"]
