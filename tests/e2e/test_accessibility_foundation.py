import pytest

from tests.a11y import assert_accessible, axe_violations

pytestmark = pytest.mark.e2e


def test_public_and_login_pages_pass_axe(page):
    for path in ("/", "/akun/masuk/", "/halaman-yang-tidak-ada/"):
        page.goto(path)
        assert_accessible(page, path)


def test_staff_pages_pass_axe(page, kepala, browser_login):
    browser_login(page, kepala.username)
    for path in ("/staf/", "/staf/audit/", "/staf/profil-organisasi/", "/staf/status/"):
        page.goto(path)
        assert_accessible(page, path)


def test_axe_does_catch_a_violation(page):
    """The checker itself works: a page with an unlabeled image link is reported."""
    page.goto("/")
    page.evaluate(
        "() => { document.querySelector('main').insertAdjacentHTML('beforeend', '<a href=\"/x\"><img src=\"/static/img/logo.svg\"></a>') }"
    )
    assert any(v["id"] in {"link-name", "image-alt"} for v in axe_violations(page))


def test_home_works_at_320px_and_keyboard_focus_is_visible(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scroll at 320 px: {width}"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
