"""The governance journey in a real browser: an approved release under embargo gets its embargo
moved (with a reason), lifted and is published; Sekretaris Rina proposes a major correction,
which leaves the public page as it was; Sekretaris Budi approves it; the public page then shows
the correction and its note under #koreksi. Screenshots: var/test-artifacts/governance-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.roles import SEKRETARIS, STAF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from kernel.pagecache import local_pages

    local_pages.forget()


def test_embargo_moved_published_and_major_correction_approved_by_another(
    page, make_user, browser_login, screenshot
):
    from releases import services
    from releases.models import Release, ReleaseCorrection

    staf = make_user("andi", STAF, first_name="Andi", last_name="Pratama")
    rina = make_user("rina", SEKRETARIS, first_name="Rina", last_name="Wulandari")
    make_user("budi", SEKRETARIS, first_name="Budi", last_name="Santoso")
    from releases.models import Category

    release = services.release_create(
        actor=staf,
        data={
            "title": "Pemkot Buka 20 Posko Kesehatan untuk Warga Terdampak Banjir",
            "summary": "Pemerintah Kota membuka 20 posko kesehatan di kelurahan terdampak banjir.",
            "body": "<p>Posko melayani warga selama dua puluh empat jam.</p>",
            "embargo_until": timezone.now() + timedelta(hours=2),
            "category": Category.objects.get_or_create(slug="kesehatan", defaults={"name": "Kesehatan"})[0],
        },
        quotes=[{"speaker": "dr. Hendra", "role": "Kepala Dinas Kesehatan", "text": "Kami siap melayani."}],
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
    )
    services.release_submit(release=release, actor=staf)
    services.release_approve(release=release, actor=rina)

    # 1. Rina moves the embargo (a reason is required), then lifts it and publishes.
    browser_login(page, "rina")
    page.goto(f"/staf/siaran-pers/{release.pk}/")
    page.get_by_test_id("change-timing").click()
    later = timezone.localtime(timezone.now() + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_embargo_until", later)
    page.get_by_test_id("save-timing").click()
    page.wait_for_load_state("networkidle")
    assert "Tuliskan alasan perubahan embargo" in page.locator(".field-reason .errorlist").inner_text()
    page.fill("#id_embargo_until", later)
    page.fill("#id_reason", "Konferensi pers diundur ke sore hari.")
    page.get_by_test_id("save-timing").click()
    page.wait_for_load_state("networkidle")
    assert "Embargo dan waktu terbit disimpan." in page.content()
    screenshot(page, "governance-1-embargo-moved")
    release.refresh_from_db()
    assert timezone.localtime(release.embargo_until).strftime("%Y-%m-%dT%H:%M") == later

    page.fill("#lift-reason", "Wali Kota sudah mengumumkan di media sosial.")
    page.get_by_role("button", name="Cabut embargo sekarang").click()
    page.wait_for_load_state("networkidle")
    assert "Embargo dicabut." in page.content()
    page.goto(f"/staf/siaran-pers/{release.pk}/")
    page.get_by_test_id("publish").click()
    page.wait_for_load_state("networkidle")
    assert "Siaran pers diterbitkan." in page.content()
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED and release.is_public

    # 2. Rina proposes a major correction: the public page does not change yet.
    page.goto(f"/staf/siaran-pers/{release.pk}/koreksi/?jenis=major")
    page.check("input[name=kind][value=major]")
    page.fill("#id_summary", "Pemerintah Kota membuka 25 posko kesehatan di kelurahan terdampak banjir.")
    page.fill("#id_quotes-0-text", "Kami siap melayani dua puluh empat jam.")
    page.fill("#id_change_note", "Jumlah posko diperbaiki dari 20 menjadi 25; kutipan dilengkapi.")
    screenshot(page, "governance-2-correction-form")
    page.get_by_test_id("save-correction").click()
    page.wait_for_load_state("networkidle")
    assert "Koreksi besar diusulkan" in page.content()
    correction = ReleaseCorrection.objects.get(release=release)
    assert correction.status == ReleaseCorrection.Status.PENDING
    page.goto(release.get_absolute_url())
    assert "20 posko" in page.get_by_test_id("release").inner_text()
    assert page.locator("#koreksi").count() == 0
    # Rina proposed it: she is not offered the decision.
    page.goto(f"/staf/siaran-pers/{release.pk}/koreksi/{correction.pk}/")
    assert page.get_by_test_id("approve-correction").count() == 0
    assert page.get_by_test_id("correction-refusal").is_visible()
    page.get_by_role("button", name="Keluar").click()

    # 3. Budi finds it in his queue, reads the diff and approves.
    browser_login(page, "budi")
    page.goto("/staf/siaran-pers/menunggu-persetujuan/")
    page.get_by_test_id("pending-corrections").get_by_role("link", name=release.title).click()
    diff = page.get_by_test_id("correction-diff")
    assert diff.locator("del", has_text="20").count() >= 1 and diff.locator("ins", has_text="25").count() >= 1
    screenshot(page, "governance-3-correction-review")
    page.get_by_test_id("approve-correction").click()
    page.wait_for_load_state("networkidle")
    assert "Koreksi disetujui" in page.content()
    page.get_by_role("button", name="Keluar").click()

    # 4. The public page shows the corrected text and the note under #koreksi.
    page.goto(release.get_absolute_url())
    article = page.get_by_test_id("release").inner_text()
    assert "25 posko" in article and "Kami siap melayani dua puluh empat jam." in article
    note = page.locator("#koreksi")
    assert "Jumlah posko diperbaiki dari 20 menjadi 25" in note.inner_text()
    note.scroll_into_view_if_needed()
    screenshot(page, "governance-4-public-correction")
    correction.refresh_from_db()
    assert correction.status == ReleaseCorrection.Status.APPROVED and correction.decided_by.username == "budi"
