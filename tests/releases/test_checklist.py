"""Completeness on submit: lead, category, a contact person, alt text for every photo and every
image in the body — a checklist the author sees, and the same list refuses "submit"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kernel.refusal import Refusal
from kernel.sanitize import images_missing_alt
from releases import services
from releases.completeness import release_checklist
from releases.models import Release, ReleasePhoto

from .conftest import image_bytes

pytestmark = pytest.mark.django_db
S = Release.Status
IMG = "/media/releases/editor/abc.png"


def test_images_missing_alt():
    html = (
        f'<p><img src="{IMG}" alt="Posko"></p>'
        '<img src="/media/b.png">'
        '<img src="/media/c.png" alt="   ">'
        '<img src="/media/d.png" alt="">'
        "<img alt='tanpa src'>"
        '<figure class="image"><img src="/media/e.png"/></figure>'
    )
    assert images_missing_alt(html) == ["/media/b.png", "/media/c.png", "/media/d.png", "/media/e.png"]
    assert images_missing_alt("") == [] and images_missing_alt(None) == []
    assert images_missing_alt("<img>") == [""]


def _bare(staf):
    return services.release_create(
        actor=staf, data={"title": "Draf kosong", "body": f'<p>Isi.</p><img src="{IMG}">'}
    )


def test_submit_is_refused_with_everything_missing_listed(staf):
    release = _bare(staf)
    with pytest.raises(Refusal) as refused:
        services.release_submit(release=release, actor=staf)
    text = str(refused.value)
    assert refused.value.code == "incomplete"
    for missing in (
        "teras (ringkasan) belum diisi",
        "kategori belum dipilih",
        "belum ada narahubung",
        "1 gambar di isi tanpa teks alternatif",
    ):
        assert missing in text, text
    assert Release.objects.get(pk=release.pk).status == S.DRAFT


def test_a_gallery_photo_without_alt_blocks_submit(make_release, staf):
    release = make_release()
    ReleasePhoto.objects.create(release=release, image=SimpleUploadedFile("x.png", image_bytes()), alt="")
    with pytest.raises(Refusal, match="1 foto galeri tanpa teks alternatif"):
        services.release_submit(release=release, actor=staf)


def test_complete_release_submits(make_release, staf):
    release = make_release(body=f'<p>Isi.</p><img src="{IMG}" alt="Peta posko">')
    assert all(item["ok"] for item in release_checklist(release))
    assert services.release_submit(release=release, actor=staf).status == S.IN_REVIEW


def test_author_sees_the_checklist_with_links_before_submitting(client, staf, category):
    release = _bare(staf)
    client.force_login(staf)
    detail = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    checklist = detail.split('data-testid="checklist"')[1].split("</section>")[0]
    assert 'data-check="body" data-ok="1"' in checklist
    for key in ("summary", "category", "contacts", "alt"):
        assert f'data-check="{key}" data-ok="0"' in checklist
    edit = reverse("staff_releases:edit", args=[release.pk])
    assert f'href="{edit}#id_summary"' in checklist and f'href="{edit}#formset-contacts"' in checklist
    edit_page = client.get(edit).content.decode()
    assert 'data-testid="checklist"' in edit_page and 'href="#id_category"' in edit_page
    assert 'id="formset-contacts"' in edit_page

    # Pressing "Ajukan" anyway: refused, and the message lists what is missing.
    response = client.post(reverse("staff_releases:action", args=[release.pk, "submit"]), follow=True)
    assert "belum lengkap untuk diajukan" in response.content.decode()
    assert Release.objects.get(pk=release.pk).status == S.DRAFT


def test_review_page_shows_the_full_content(client, make_release, sekretaris, staf):
    release = make_release(body="<p>Isi lengkap siaran.</p>", embargo_until=None)
    release = services.release_submit(release=release, actor=staf)
    client.force_login(sekretaris)
    page = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    content = page.split('data-testid="release-content"')[1].split("</section>")[0]
    for text in (
        "Isi lengkap siaran.",
        release.summary,
        "Kesehatan",
        "banjir",
        "Kami siap melayani.",
        "dr. Hendra",
        "rina@example.go.id",
    ):
        assert text in content, text
    assert 'data-testid="checklist"' not in page  # not a draft any more
