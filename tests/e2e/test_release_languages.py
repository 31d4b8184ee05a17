"""One release, two languages, in a real browser: the Indonesian page links its published English
version (language switch + hreflang) and both end with the office's boilerplate in their own
language. Screenshots: var/test-artifacts/languages-*.png."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kernel.pagecache import local_pages

    local_pages.forget()


def _publish(services, release, staf, sekretaris):
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    return services.release_publish(release=release, actor=sekretaris)


def test_public_page_switches_language_with_hreflang(page, staf, sekretaris, screenshot):
    from kernel.models import OrganisationProfile
    from kernel.services import cache_clear_own_keys
    from releases import services
    from releases.models import Category

    OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Pemerintah Kota Nusantara",
            "boilerplate": "Pemerintah Kota Nusantara melayani dua juta warga di 12 kecamatan.",
            "boilerplate_en": "The City of Nusantara serves two million residents in 12 districts.",
        },
    )
    cache_clear_own_keys()
    original = services.release_create(
        actor=staf,
        data={
            "title": "Pemkot buka 25 posko kesehatan",
            "summary": "NUSANTARA – Pemkot membuka 25 posko kesehatan selama musim hujan.",
            "body": "<p>Posko melayani warga 24 jam.</p>",
            "category": Category.objects.create(name="Kesehatan", slug="kesehatan"),
        },
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
    )
    original = _publish(services, original, staf, sekretaris)
    english = services.release_translation_create(release=original, actor=staf)
    english = services.release_update(
        release=english,
        actor=staf,
        data={
            "title": "City opens 25 health posts",
            "summary": "NUSANTARA – The city opens 25 health posts for the rainy season.",
            "body": "<p>The posts serve residents around the clock.</p>",
        },
        base_version=english.version,
    )
    english = _publish(services, english, staf, sekretaris)

    page.goto(original.get_absolute_url())
    alternates = page.locator("link[rel=alternate][hreflang]")
    assert sorted(alternates.evaluate_all("els => els.map(e => e.hreflang)")) == ["en", "id"]
    assert page.locator("article[lang=id]").count() == 1
    assert "dua juta warga" in page.get_by_test_id("boilerplate").inner_text()
    screenshot(page, "languages-1-indonesian")
    page.get_by_test_id("release-language-switch").get_by_role("link", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(english.get_absolute_url())
    assert page.locator("article[lang=en] h1").inner_text() == "City opens 25 health posts"
    assert "two million residents" in page.get_by_test_id("boilerplate").inner_text()
    screenshot(page, "languages-2-english")
