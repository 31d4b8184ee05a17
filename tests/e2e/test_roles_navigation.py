import pytest

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

pytestmark = pytest.mark.e2e

EXPECTED = {
    KEPALA: {"must": ["staff:dashboard", "staff:audit_list", "staff:org_profile"], "must_not": []},
    SEKRETARIS: {"must": ["staff:dashboard", "staff:audit_list"], "must_not": ["staff:org_profile"]},
    STAF: {"must": ["staff:dashboard"], "must_not": ["staff:audit_list", "staff:org_profile"]},
    PPID: {"must": ["staff:dashboard"], "must_not": ["staff:audit_list", "staff:org_profile"]},
}


def test_each_role_logs_in_and_sees_its_navigation(page, role_users, browser_login, screenshot):
    for role, user in role_users.items():
        page.context.clear_cookies()
        browser_login(page, user.username)
        assert page.url.endswith("/staf/"), page.url
        nav = page.get_by_test_id("staff-nav")
        shown = set(nav.locator("a[data-nav]").evaluate_all("els => els.map(e => e.dataset.nav)"))
        for name in EXPECTED[role]["must"]:
            assert name in shown, (role, shown)
        for name in EXPECTED[role]["must_not"]:
            assert name not in shown, (role, shown)
        assert page.locator(".role-badge").inner_text() == role
        screenshot(page, f"nav-{role.replace(' ', '-').lower()}")
        # Log out through the real form.
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_load_state("networkidle")
        assert "/staf/" not in page.url


def test_wrong_password_message_is_indonesian(page, staf, browser_login):
    browser_login(page, staf.username, "salah-sekali")
    assert "Nama pengguna atau kata sandi salah" in page.locator(".alert-error").inner_text()
