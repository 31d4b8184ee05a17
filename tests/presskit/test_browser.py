"""A staff member asks for a kit in the browser; the real worker renders it; the page shows it."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_renders_kit_and_downloads_it(
    page, celery_worker, staff_perms, make_release, browser_login, screenshot
):
    release = make_release(photos=1)
    browser_login(page, staff_perms["staf"].username)
    page.goto(f"/staf/press-kit/{release.pk}/")
    status = page.get_by_test_id("presskit-status")
    assert status.get_attribute("data-state") == "none"
    page.get_by_role("button", name="Render sekarang").click()
    page.wait_for_load_state("networkidle")
    # The page refreshes itself while the kit is pending.
    page.wait_for_selector("[data-testid=presskit-status][data-state=ready]", timeout=60000)
    assert "Siap" in status.inner_text()
    screenshot(page, "presskit-staff-state")
    response = page.request.get(f"/staf/press-kit/{release.pk}/unduh/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
