"""An edit conflict between two browser contexts loses nothing: Andi and Dewi open the same draft;
Andi's typing is autosaved; Dewi's save, based on the older version, is refused with the diff of
Andi's change and keeps everything she typed; she reapplies hers. Andi's next autosave is then
reported as a conflict, not written, and leaving his page with unsaved changes warns.
Screenshots: var/test-artifacts/conflict-*.png."""

import pytest

from kernel.roles import STAF
from tests.a11y import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _context(chromium, live_server):
    context = chromium.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(15000)
    return context


def _type_in_editor(page, text):
    editor = page.locator(".ck-editor__editable").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def test_edit_conflict_between_two_browsers_loses_nothing(
    chromium, live_server, make_user, browser_login, screenshot
):
    from releases import services
    from releases.models import Category, Release

    andi = make_user("andi", STAF, first_name="Andi", last_name="Pratama")
    make_user("dewi", STAF, first_name="Dewi", last_name="Lestari")
    release = services.release_create(
        actor=andi,
        data={
            "title": "Posko kesehatan banjir dibuka",
            "summary": "Pemerintah kota membuka posko kesehatan bagi warga terdampak banjir.",
            "body": "<p>Posko kesehatan melayani warga selama dua puluh empat jam.</p>",
            "category": Category.objects.create(name="Kesehatan", slug="kesehatan"),
        },
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
    )
    edit_url = f"/staf/siaran-pers/{release.pk}/ubah/"

    first, second = _context(chromium, live_server), _context(chromium, live_server)
    try:
        a, b = first.new_page(), second.new_page()
        browser_login(a, "andi")
        browser_login(b, "dewi")
        a.goto(edit_url)
        b.goto(edit_url)
        a.locator(".ck-editor__editable").first.wait_for()
        b.locator(".ck-editor__editable").first.wait_for()
        assert a.input_value("input[name=version]") == "1" == b.input_value("input[name=version]")

        # Andi changes the title; his draft is autosaved (the 20-second timer, pressed now).
        a.fill("#id_title", "Posko kesehatan banjir dibuka di 12 kelurahan")
        a.fill("#id_summary", "NUSANTARA – Dua belas posko kesehatan dibuka bagi warga terdampak banjir.")
        result = a.evaluate("window.humasAutosave.now()")
        assert result["ok"] is True and result["version"] == 2
        status = a.get_by_test_id("autosave-status")
        assert status.inner_text().startswith("Tersimpan otomatis ")
        assert a.input_value("input[name=version]") == "2"
        screenshot(a, "conflict-1-andi-autosaved")

        # Dewi, still on version 1, rewrites the title and adds a paragraph, then saves.
        b.fill("#id_title", "Posko kesehatan banjir buka 24 jam")
        _type_in_editor(b, "Paragraf tambahan yang diketik Dewi.")
        b.get_by_test_id("save-release").click()
        b.wait_for_load_state("networkidle")
        conflict = b.get_by_test_id("conflict")
        conflict.wait_for()
        assert "Andi Pratama" in conflict.inner_text()
        assert conflict.locator("[data-field=title] ins", has_text="12 kelurahan").count() == 1
        # Nothing of hers is lost: her title and her paragraph are still in the form.
        assert b.input_value("#id_title") == "Posko kesehatan banjir buka 24 jam"
        assert "Paragraf tambahan yang diketik Dewi." in b.locator(".ck-editor__editable").first.inner_text()
        # Andi's lead, which she left alone, is taken into her form; the title both changed stays hers.
        assert b.input_value("#id_summary").startswith("NUSANTARA – Dua belas posko")
        assert "Ringkasan/teras" in b.get_by_test_id("conflict-taken").inner_text()
        assert "Judul" in b.get_by_test_id("conflict-both").inner_text()
        screenshot(b, "conflict-2-dewi-refused-with-diff")
        assert_accessible(b, "edit conflict")
        assert Release.objects.get(pk=release.pk).title == "Posko kesehatan banjir dibuka di 12 kelurahan"

        # She has read Andi's change and puts hers over it.
        b.get_by_test_id("reapply").click()
        b.wait_for_load_state("networkidle")
        assert "Perubahan disimpan sebagai revisi baru." in b.content()
        saved = Release.objects.get(pk=release.pk)
        assert saved.title == "Posko kesehatan banjir buka 24 jam"
        assert "Paragraf tambahan yang diketik Dewi." in saved.body and saved.version == 3
        assert saved.summary.startswith("NUSANTARA – Dua belas posko")  # Andi's work survives too
        screenshot(b, "conflict-3-dewi-reapplied")
        assert_accessible(b, "detail with checklist and full content")
        b.goto(f"/staf/siaran-pers/{release.pk}/revisi/?a=1&b=3")
        assert b.get_by_test_id("diff").locator("[data-field=body] ins", has_text="Dewi").count() >= 1
        assert_accessible(b, "compare revisions")

        # Andi types on; his next autosave is refused (version 2 is stale) and says so.
        a.fill("#id_title", "Judul Andi yang belum tersimpan")
        result = a.evaluate("window.humasAutosave.now()")
        assert result["ok"] is False and result["conflict"] is True
        assert "sudah diubah oleh Dewi Lestari" in status.inner_text()
        assert Release.objects.get(pk=release.pk).title == "Posko kesehatan banjir buka 24 jam"
        screenshot(a, "conflict-4-andi-autosave-refused")

        # Leaving with unsaved changes warns (beforeunload); staying keeps the typing.
        dialogs = []

        def on_dialog(dialog):
            dialogs.append(dialog.type)
            dialog.dismiss()

        a.on("dialog", on_dialog)
        a.get_by_role("link", name="Batal").click()
        a.wait_for_timeout(500)
        assert dialogs == ["beforeunload"]
        assert a.url.endswith(edit_url) and a.input_value("#id_title") == "Judul Andi yang belum tersimpan"
    finally:
        first.close()
        second.close()


def test_a_new_release_is_autosaved_as_one_draft(page, make_user, browser_login, screenshot):
    from releases.models import Category, Release

    Category.objects.create(name="Kesehatan", slug="kesehatan")
    make_user("andi", STAF, first_name="Andi", last_name="Pratama")
    browser_login(page, "andi")
    page.goto("/staf/siaran-pers/baru/")
    page.locator(".ck-editor__editable").first.wait_for()
    page.fill("#id_title", "Draf yang belum pernah disimpan")
    page.fill("#id_summary", "NUSANTARA – Teras yang sedang diketik.")
    result = page.evaluate("window.humasAutosave.now()")
    assert result["ok"] is True
    release = Release.objects.get()
    assert page.url.endswith(f"/staf/siaran-pers/{release.pk}/ubah/")
    assert page.get_by_test_id("autosave-status").inner_text().startswith("Tersimpan otomatis ")
    screenshot(page, "autosave-new-draft")
    page.fill("#id_title", "Draf yang kini tersimpan")
    page.get_by_test_id("save-release").click()
    page.wait_for_load_state("networkidle")
    assert Release.objects.count() == 1 and Release.objects.get().title == "Draf yang kini tersimpan"
    assert page.url.endswith(f"/staf/siaran-pers/{release.pk}/")
