""" "Pekerjaan saya" in a real browser for Sekretaris Pers, with work in several sections: at
desktop width and at 375 px (a phone), where nothing may overflow sideways."""

import pytest
import time_machine
from django.urls import reverse

from tests.a11y import assert_accessible
from tests.kernel import test_worklist as worklist_tests
from tests.releases import conftest as release_fixtures

pytestmark = pytest.mark.e2e

category = release_fixtures.category
make_release = release_fixtures.make_release
office = worklist_tests.office
kepala2 = worklist_tests.kepala2


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(worklist_tests.NOW, tick=True):
        yield


def test_sekretaris_sees_her_work_with_counts_and_badges(page, office, sekretaris, browser_login, screenshot):
    browser_login(page, sekretaris.username)
    page.goto(reverse("staff:dashboard"))
    review = page.get_by_test_id("work-releases.review")
    assert review.get_attribute("data-count") == "2"
    assert "Vaksinasi massal" in review.inner_text()
    assert "Pernyataan banjir" in page.get_by_test_id("work-crises.statements_awaiting").inner_text()
    assert "terlambat" in page.get_by_test_id("work-crises.updates_overdue").inner_text()
    assert "Tidak ada" in page.get_by_test_id("work-releases.returned").inner_text()
    nav = page.get_by_test_id("staff-nav")
    assert (
        nav.locator('a[data-nav="staff_releases:review_queue"] .nav-badge').inner_text().strip().endswith("2")
    )
    assert_accessible(page, "Pekerjaan saya")
    screenshot(page, "work-dashboard-sekretaris")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("staff:dashboard"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the dashboard overflows sideways by {overflow}px at 375px"
    screenshot(page, "work-dashboard-sekretaris-375")

    # A link on the dashboard leads to the thing itself.
    review.get_by_role("link", name="Vaksinasi massal").click()
    page.wait_for_load_state()
    assert f"/staf/siaran-pers/{office['by_staf'].pk}/" in page.url


def test_the_statement_queue_shows_the_running_clock(page, office, sekretaris, browser_login, screenshot):
    browser_login(page, sekretaris.username)
    page.goto(reverse("staff_crises:statement_queue"))
    mine = page.get_by_test_id("queue-mine")
    assert "Pernyataan banjir" in mine.inner_text()
    assert "terlambat" in mine.locator(".countdown").inner_text()
    assert_accessible(page, "Pernyataan menunggu persetujuan")
    screenshot(page, "crises-statement-queue")
