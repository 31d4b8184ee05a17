"""The whole journey in real Chromium: choose lists, watch the count, preview, send, watch the
progress page update itself until done."""

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_sekretaris_sends_release_and_watches_progress(
    page,
    browser_login,
    screenshot,
    sekretaris,
    release_factory,
    journalists,
    celery_worker,
    smtp_sink,
    settings,
):
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    release = release_factory()
    browser_login(page, sekretaris.username)
    page.goto(f"/staf/distribusi/baru/?release={release.pk}")
    page.get_by_label(journalists["lists"][0].name).check()
    # (a locator wait: a string predicate would need eval, which the CSP forbids)
    expect(page.get_by_test_id("recipient-count")).to_contain_text("2 penerima")
    page.get_by_label(journalists["lists"][1].name).check()
    # (a locator wait: a string predicate would need eval, which the CSP forbids)
    expect(page.get_by_test_id("recipient-count")).to_contain_text("4 penerima")
    assert "1 alamat ganda" in page.inner_text("[data-testid=recipient-count]")
    screenshot(page, "distribution-create")
    page.click("text=Lanjut ke pratinjau")
    assert release.title in page.inner_text("[data-testid=preview-subject]")
    assert "Yth. Wartawan 0," in page.inner_text("[data-testid=preview-text]")
    frame = page.frame_locator("[data-testid=preview-html]")
    assert "Yth. Wartawan 0," in frame.locator("body").inner_text()
    screenshot(page, "distribution-preview")
    page.check("[data-testid=confirm-start]")
    page.click("[data-testid=start]")
    page.wait_for_selector("[data-testid=progress][data-status=completed]", timeout=30000)
    assert page.inner_text("[data-count=sent]") == "4"
    screenshot(page, "distribution-progress")
    assert len(smtp_sink.wait_for(4)) == 4
