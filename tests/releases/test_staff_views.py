import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from releases.models import Release

from .conftest import image_bytes

pytestmark = pytest.mark.django_db
S = Release.Status


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post_data(**extra):
    data = {
        "title": "Pemkot tambah armada bus sekolah",
        "summary": "Sepuluh bus sekolah baru mulai beroperasi pekan depan.",
        "body": "<p>Bus melayani rute <strong>pinggiran</strong>.</p><script>alert(1)</script>",
        "language": "id",
        "tags_text": "pendidikan, transportasi",
        "hero_alt": "",
        **_management("quotes", 1),
        "quotes-0-speaker": "Wali Kota",
        "quotes-0-role": "",
        "quotes-0-text": "Anak-anak harus tiba di sekolah dengan aman.",
        **_management("contacts", 0),
        **_management("photos", 0),
        **_management("attachments", 0),
    }
    data.update(extra)
    return data


def _docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_create_with_photo_and_attachments(client, staf):
    client.force_login(staf)
    data = _post_data(
        **_management("photos", 1),
        **{
            "photos-0-image": SimpleUploadedFile("bus.jpg", image_bytes("JPEG"), "image/jpeg"),
            "photos-0-alt": "Bus sekolah kuning",
            "photos-0-caption": "Armada baru",
            "photos-0-credit": "Humas",
        },
        **_management("attachments", 2),
        **{
            "attachments-0-file": SimpleUploadedFile("jadwal.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
            "attachments-0-title": "Jadwal",
            "attachments-1-file": SimpleUploadedFile("rute.docx", _docx(), "application/octet-stream"),
            "attachments-1-title": "Rute",
        },
    )
    response = client.post(reverse("staff_releases:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    release = Release.objects.get()
    assert release.author == staf and release.status == S.DRAFT
    assert "<script" not in release.body and "<strong>pinggiran</strong>" in release.body
    assert release.photos.get().alt == "Bus sekolah kuning"
    types = sorted(release.attachments.values_list("content_type", flat=True))
    assert types[0] == "application/pdf" and "wordprocessingml" in types[1]
    assert sorted(t.slug for t in release.tags.all()) == ["pendidikan", "transportasi"]
    assert release.quotes.get().speaker == "Wali Kota"
    assert release.revisions.count() == 1


def test_photo_without_alt_and_fake_pdf_are_refused_and_typing_kept(client, staf):
    client.force_login(staf)
    data = _post_data(
        **_management("photos", 1),
        **{"photos-0-image": SimpleUploadedFile("a.png", image_bytes(), "image/png"), "photos-0-alt": ""},
        **_management("attachments", 1),
        **{"attachments-0-file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )
    response = client.post(reverse("staff_releases:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lampiran harus berupa PDF, DOCX atau XLSX" in body
    assert "Periksa kembali isian" in body
    # What was typed comes back.
    assert "Pemkot tambah armada bus sekolah" in body
    assert "Anak-anak harus tiba di sekolah dengan aman." in body
    assert Release.objects.count() == 0


def test_hero_image_must_be_an_image_with_alt(client, staf):
    client.force_login(staf)
    data = _post_data(hero_image=SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>", "image/jpeg"))
    body = client.post(reverse("staff_releases:create"), data).content.decode()
    assert "field-hero_image has-error" in body  # Django's ImageField opens it with Pillow too
    data = _post_data(hero_image=SimpleUploadedFile("foto.png", image_bytes(), "image/png"))
    body = client.post(reverse("staff_releases:create"), data).content.decode()
    assert "Teks alternatif wajib diisi untuk foto utama." in body
    assert Release.objects.count() == 0


def test_editor_page_renders_ckeditor(client, staf):
    client.force_login(staf)
    body = client.get(reverse("staff_releases:create")).content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in body
    assert reverse("staff_releases:image_upload") in body


def test_image_upload_staff_only_and_by_content(client, staf, outsider, ppid):
    url = reverse("staff_releases:image_upload")
    for user in (outsider, ppid):
        client.force_login(user)
        assert (
            client.post(url, {"upload": SimpleUploadedFile("a.png", image_bytes(), "image/png")}).status_code
            == 404
        )
    client.logout()
    assert (
        client.post(url, {"upload": SimpleUploadedFile("a.png", image_bytes(), "image/png")}).status_code
        == 302
    )
    client.force_login(staf)
    bad = client.post(url, {"upload": SimpleUploadedFile("a.png", b"<html><script>", "image/png")})
    assert bad.status_code == 400 and "bukan gambar" in bad.json()["error"]["message"]
    ok = client.post(url, {"upload": SimpleUploadedFile("a.gif", image_bytes("GIF"), "image/gif")})
    assert ok.status_code == 200 and ok.json()["url"].endswith(".png")


def test_staff_pages_404_for_outsiders(client, outsider, ppid, make_release):
    release = make_release()
    for user in (outsider, ppid):
        client.force_login(user)
        for url in (
            reverse("staff_releases:list"),
            reverse("staff_releases:detail", args=[release.pk]),
            reverse("staff_releases:preview", args=[release.pk]),
            reverse("staff_releases:compare", args=[release.pk]),
            reverse("staff_releases:create"),
            reverse("staff_releases:review_queue"),
        ):
            assert client.get(url).status_code == 404, url


def test_action_refused_with_message(client, staf, make_release):
    release = make_release()
    client.force_login(staf)
    client.post(reverse("staff_releases:action", args=[release.pk, "submit"]))
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW
    # Staf may not approve: the route itself is 404 for them.
    assert client.post(reverse("staff_releases:action", args=[release.pk, "approve"])).status_code == 404
    # Submitting twice: a clear message, no change.
    response = client.post(reverse("staff_releases:action", args=[release.pk, "submit"]), follow=True)
    assert "tidak dapat dilakukan pada status" in response.content.decode()


def test_own_submission_message_for_sekretaris(client, sekretaris, make_release):
    release = make_release(author=sekretaris)
    client.force_login(sekretaris)
    client.post(reverse("staff_releases:action", args=[release.pk, "submit"]))
    body = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-testid="approve"' not in body
    response = client.post(reverse("staff_releases:action", args=[release.pk, "approve"]), follow=True)
    assert "persetujuan harus oleh orang lain" in response.content.decode()
    release.refresh_from_db()
    assert release.status == S.IN_REVIEW


def test_list_filters_and_queries(client, sekretaris, make_release, staf, django_assert_max_num_queries):
    for i in range(12):
        make_release(title=f"Rilis nomor {i}")
    client.force_login(sekretaris)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staff_releases:list"))
    assert response.status_code == 200
    body = client.get(
        reverse("staff_releases:list"), {"q": "nomor 11", "status": "draft", "author": staf.pk}
    ).content.decode()
    assert "Rilis nomor 11" in body and "Rilis nomor 10" not in body
    assert (
        "Rilis nomor"
        not in client.get(reverse("staff_releases:list"), {"status": "published"}).content.decode()
    )


def test_review_queue_page(client, sekretaris, make_release, staf):
    release = make_release(title="Menunggu tinjauan")
    from releases import services

    services.release_submit(release=release, actor=staf)
    client.force_login(sekretaris)
    assert "Menunggu tinjauan" in client.get(reverse("staff_releases:review_queue")).content.decode()


def test_preview_renders_public_template(client, staf, make_release):
    release = make_release(title="Pratinjau draf")
    client.force_login(staf)
    response = client.get(reverse("staff_releases:preview", args=[release.pk]))
    body = response.content.decode()
    assert "Pratinjau draf" in body and "belum terbit" in body and 'data-testid="release"' in body
    assert 'name="robots" content="noindex' in body


def test_correct_view_requires_note(client, sekretaris, release_in_state):
    release = release_in_state(S.PUBLISHED)
    client.force_login(sekretaris)
    url = reverse("staff_releases:correct", args=[release.pk])
    body = client.post(
        url, {"kind": "minor", "title": "Judul baru", "summary": "", "body": "<p>x</p>", "change_note": ""}
    ).content.decode()
    assert "Periksa kembali" in body and "Judul baru" in body
    assert (
        client.post(
            url,
            {
                "kind": "minor",
                "title": "Judul baru",
                "summary": "",
                "body": "<p>x</p>",
                "change_note": "Judul diperbaiki.",
            },
        ).status_code
        == 302
    )
    release.refresh_from_db()
    assert release.title == "Judul baru"


def test_edit_keeps_existing_photo(client, staf, make_release):
    release = make_release()
    client.force_login(staf)
    from releases.models import ReleasePhoto

    photo = ReleasePhoto.objects.create(
        release=release, image=SimpleUploadedFile("x.png", image_bytes()), alt="Alt lama"
    )
    data = _post_data(
        **_management("photos", 1, 1),
        **{"photos-0-id": str(photo.pk), "photos-0-release": str(release.pk), "photos-0-alt": "Alt baru"},
        **_management("quotes", 0),
    )
    response = client.post(reverse("staff_releases:edit", args=[release.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    photo.refresh_from_db()
    assert photo.alt == "Alt baru" and photo.image


def _zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,content,accepted",
    [
        ("tabel.xlsx", _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), True),
        # kernel.files knows these kinds too, but they are not release attachments.
        ("naskah.pdf", _zip({"mimetype": "application/vnd.oasis.opendocument.text"}), False),
        ("data.pdf", b"nama,alamat\nRina,Jl. Merdeka\n", False),
    ],
)
def test_attachments_are_judged_by_the_kernel_sniffer(client, staf, name, content, accepted):
    client.force_login(staf)
    data = _post_data(
        **_management("attachments", 1),
        **{
            "attachments-0-file": SimpleUploadedFile(name, content, "application/pdf"),
            "attachments-0-title": "Lampiran",
        },
    )
    response = client.post(reverse("staff_releases:create"), data)
    if accepted:
        assert response.status_code == 302
        assert "spreadsheetml" in Release.objects.get().attachments.get().content_type
    else:
        assert "Lampiran harus berupa PDF, DOCX atau XLSX" in response.content.decode()
        assert Release.objects.count() == 0
