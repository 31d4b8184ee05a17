"""Duplicate as a new draft; the office's boilerplate and dateline; an English version linked to
its Indonesian original."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kernel.models import AuditEntry, OrganisationProfile
from kernel.refusal import Refusal
from kernel.services import cache_clear_own_keys
from releases import services
from releases.models import Release, ReleasePhoto

from .conftest import image_bytes

pytestmark = pytest.mark.django_db
S = Release.Status


@pytest.fixture
def org(db):
    profile, _ = OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Pemerintah Kota Nusantara",
            "dateline_city": "Nusantara",
            "boilerplate": "Pemerintah Kota Nusantara melayani 2 juta warga.",
            "boilerplate_en": "The City of Nusantara serves 2 million residents.",
        },
    )
    cache_clear_own_keys()
    return profile


def test_duplicate_copies_content_as_a_new_draft(client, release_in_state, staf, sekretaris):
    original = release_in_state(S.PUBLISHED)
    ReleasePhoto.objects.create(
        release=original, image=SimpleUploadedFile("x.png", image_bytes()), alt="Posko", caption="Posko Utara"
    )
    client.force_login(staf)
    response = client.post(reverse("staff_releases:duplicate", args=[original.pk]))
    copy = Release.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff_releases:edit", args=[copy.pk]
    )
    assert copy.status == S.DRAFT and copy.number is None and copy.author == staf
    assert copy.published_at is None and copy.submitted_by is None and copy.approved_by is None
    assert copy.title == f"Salinan: {original.title}" and copy.slug != original.slug
    assert (copy.summary, copy.body, copy.category_id) == (
        original.summary,
        original.body,
        original.category_id,
    )
    assert [q.text for q in copy.quotes.all()] == [q.text for q in original.quotes.all()]
    assert [c.email for c in copy.contacts.all()] == [c.email for c in original.contacts.all()]
    assert sorted(t.name for t in copy.tags.all()) == sorted(t.name for t in original.tags.all())
    (photo,) = copy.photos.all()
    assert photo.alt == "Posko" and photo.caption == "Posko Utara"
    assert photo.image.name != original.photos.get().image.name and photo.image.size > 0
    entry = AuditEntry.objects.get(action="release.duplicate")
    assert entry.data["from_release"] == original.pk and entry.object_id == str(copy.pk)
    assert copy.revisions.count() == 1


def test_duplicate_needs_the_right_to_write_releases(client, make_release, ppid):
    release = make_release()
    client.force_login(ppid)
    assert client.post(reverse("staff_releases:duplicate", args=[release.pk])).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - actor_require's refusal, whatever its class
        services.release_duplicate(release=release, actor=ppid)
    assert Release.objects.count() == 1


def test_new_release_starts_with_the_dateline(client, org, staf):
    client.force_login(staf)
    page = client.get(reverse("staff_releases:create")).content.decode()
    assert "NUSANTARA – </textarea>" in page


def test_a_lead_of_only_the_dateline_is_not_a_lead(org, staf):
    from releases.completeness import release_missing

    release = services.release_create(actor=staf, data={"title": "Baru", "summary": "NUSANTARA – "})
    assert "teras (ringkasan) belum diisi" in release_missing(release)
    release = services.release_update(
        release=release, actor=staf, data={"summary": "NUSANTARA – Wali kota membuka posko."}
    )
    assert "teras (ringkasan) belum diisi" not in release_missing(release)


def test_org_profile_form_has_the_new_fields(client, org, kepala):
    client.force_login(kepala)
    page = client.get(reverse("staff:org_profile")).content.decode()
    for name in ("dateline_city", "boilerplate", "boilerplate_en"):
        assert f'name="{name}"' in page
    # The same unsaved-changes warning as the release editor (static/js/warn-unsaved.js).
    assert "data-warn-unsaved" in page and "js/warn-unsaved.js" in page


def test_boilerplate_ends_the_public_page_and_the_mail(client, org, release_in_state):
    from contacts.models import Journalist
    from releases.distribution_hooks import release_mail

    release = release_in_state(S.PUBLISHED)
    page = client.get(release.get_absolute_url()).content.decode()
    section = page.split('data-testid="boilerplate"')[1].split("</section>")[0]
    assert "Tentang Pemerintah Kota Nusantara" in section and "2 juta warga" in section
    journalist = Journalist.objects.create(name="Wartawan", email="w@media.example.id")
    mail = release_mail(Release.objects.get(pk=release.pk), journalist, None)
    assert "Tentang Pemerintah Kota Nusantara" in mail.text and "2 juta warga" in mail.text
    assert "2 juta warga" in mail.html


def _publish(release, staf, sekretaris):
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    return services.release_publish(release=release, actor=sekretaris)


def test_english_version_is_linked_and_shown_with_hreflang(client, org, release_in_state, staf, sekretaris):
    original = release_in_state(S.PUBLISHED)
    client.force_login(staf)
    response = client.post(reverse("staff_releases:translate", args=[original.pk]))
    english = Release.objects.get(translation_of=original)
    assert response["Location"] == reverse("staff_releases:edit", args=[english.pk])
    assert english.language == "en" and english.status == S.DRAFT and english.number is None
    assert AuditEntry.objects.filter(action="release.translation_create", object_id=str(english.pk)).exists()
    with pytest.raises(Refusal):
        services.release_translation_create(release=original, actor=staf)

    # While the English version is a draft, the public page links nothing.
    client.logout()
    page = client.get(original.get_absolute_url()).content.decode()
    assert "hreflang" not in page

    english = services.release_update(
        release=english,
        actor=staf,
        data={"title": "City opens flood health posts", "summary": "The city opened posts."},
    )
    _publish(english, staf, sekretaris)  # the same workflow, on its own
    from kernel.pagecache import local_pages, public_cache_bump

    public_cache_bump()  # what the publish effect does after commit (no commit in this test)
    local_pages.forget()
    id_url = "http://testserver" + original.get_absolute_url()
    page = client.get(original.get_absolute_url()).content.decode()
    english.refresh_from_db()
    en_path = english.get_absolute_url()
    assert 'hreflang="en" href="' in page and en_path in page and 'hreflang="id"' in page
    switch = page.split('data-testid="release-language-switch"')[1].split("</nav>")[0]
    assert f'href="{english.get_absolute_url()}"' in switch or en_path in switch
    en_page = client.get(en_path).content.decode()
    assert 'hreflang="id"' in en_page and original.get_absolute_url() in en_page
    assert "About Pemerintah Kota Nusantara" in en_page or "Tentang Pemerintah Kota Nusantara" in en_page
    assert "2 million residents" in en_page
    assert id_url  # the alternate links are absolute (kernel.siteurl)
