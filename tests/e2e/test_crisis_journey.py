"""Browser journey: Staf Humas opens an incident, adds a timeline entry and drafts a statement
from a template; Sekretaris Pers approves and publishes it; the public page shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _empty_broker():
    from tests.crises.conftest import purge_broker_queues

    purge_broker_queues()


@pytest.fixture
def flood_template(staf, sekretaris2):
    from crises.services import template_approve, template_create

    template = template_create(
        actor=staf,
        title="Pernyataan siaga banjir",
        scenario="natural_disaster",
        body="<p>Pemerintah Kota Nusantara menyampaikan keprihatinan atas banjir di [WILAYAH TERDAMPAK].</p>"
        "<p>Posko pengungsian dibuka; Call Center 112 siaga.</p>",
    )
    return template_approve(
        actor=sekretaris2, template=template, review_date=timezone.localdate() + timedelta(days=60)
    )


def test_incident_to_published_statement(
    page, staf, sekretaris, flood_template, browser_login, screenshot, celery_worker, smtp_sink
):
    from contacts.models import ContactList, Journalist
    from crises.models import Incident, Statement

    crisis_list = ContactList.objects.create(name="Media krisis daerah")
    crisis_list.members.add(Journalist.objects.create(name="Maya Sari", email="maya@tvlokal.example.id"))

    # Staf Humas opens an incident.
    browser_login(page, staf.username)
    page.goto("/staf/krisis/")
    page.get_by_role("link", name="Catat insiden baru").click()
    page.fill("#id_title", "Banjir di Kecamatan Sukamaju")
    page.select_option("#id_kind", "natural_disaster")
    page.select_option("#id_severity", "2")
    page.fill("#id_description", "Sungai meluap; sekitar 1.200 warga mengungsi.")
    page.select_option("#id_owner", str(staf.pk))
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    incident = Incident.objects.get()
    assert page.url.endswith(f"/staf/krisis/{incident.pk}/")
    clock = page.get_by_test_id("update-clock")
    assert "sisa" in clock.inner_text()

    # Adds a public timeline entry.
    form = page.get_by_test_id("timeline-form")
    form.locator("#id_kind").select_option("update")
    form.locator("#id_body").fill(
        "Tiga posko pengungsian dibuka di SDN 3, Masjid Al-Ikhlas dan GOR Kecamatan."
    )
    form.locator("#id_is_public").check()
    form.get_by_role("button", name="Tambahkan").click()
    page.wait_for_load_state("networkidle")
    assert "Tiga posko pengungsian" in page.get_by_test_id("timeline").inner_text()
    screenshot(page, "crises-01-incident-staf")

    # Drafts a statement from the template.
    page.get_by_role("link", name="Susun pernyataan").click()
    page.get_by_test_id("template-picker").get_by_role("link", name="Pernyataan siaga banjir").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_template").input_value() == str(flood_template.pk)
    page.fill("#id_title", "Pernyataan Resmi Banjir Sukamaju")
    # The body is the template's text in CKEditor 5: replace it with the facts of the day.
    editor = page.locator(".ck-editor__editable")
    editor.wait_for()
    assert "[WILAYAH TERDAMPAK]" in editor.inner_text()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(
        "Pemerintah Kota Nusantara menyampaikan keprihatinan atas banjir di Kecamatan Sukamaju."
    )
    page.keyboard.press("Enter")
    page.keyboard.type("Tiga posko pengungsian dibuka; Call Center 112 siaga 24 jam.")
    screenshot(page, "crises-02-statement-draft")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state("networkidle")
    statement = Statement.objects.get()
    assert statement.template == flood_template
    assert "<p>Tiga posko pengungsian dibuka; Call Center 112 siaga 24 jam.</p>" in statement.body
    assert page.get_by_test_id("statement-status").inner_text() == "Draf"
    assert page.get_by_role("button", name="Setujui").count() == 0  # staf can not approve
    slug = statement.slug

    # The public can not see the draft.
    page.context.clear_cookies()
    response = page.goto(f"/pernyataan-resmi/{slug}/")
    assert response.status == 404

    # Sekretaris Pers approves and publishes in one action.
    browser_login(page, sekretaris.username)
    page.goto("/staf/krisis/")
    assert "Pernyataan Resmi Banjir Sukamaju" in page.get_by_test_id("awaiting-approval").inner_text()
    screenshot(page, "crises-03-dashboard-sekretaris")
    page.get_by_test_id("awaiting-approval").get_by_role(
        "link", name="Pernyataan Resmi Banjir Sukamaju"
    ).click()
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("statement-status").inner_text() == "Disetujui"
    release = page.get_by_test_id("release-form")
    release.locator("#id_publish").check()
    release.locator("#id_contact_list").select_option(label="Media krisis daerah")
    screenshot(page, "crises-04-statement-approved")
    release.get_by_role("button", name="Rilis sekarang").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("statement-status").inner_text() == "Dirilis"

    # The public page shows it.
    page.context.clear_cookies()
    page.goto("/pernyataan-resmi/")
    page.get_by_role("link", name="Pernyataan Resmi Banjir Sukamaju").click()
    page.wait_for_load_state("networkidle")
    assert "Tiga posko pengungsian dibuka" in page.get_by_test_id("statement-body").inner_text()
    assert page.get_by_test_id("preview-banner").count() == 0
    screenshot(page, "crises-05-public-statement")

    incident.refresh_from_db()
    assert incident.timeline.filter(kind="statement", is_public=True).exists()
    # ...and the crisis contact list got it through the distribution pipeline.
    # (The others, one per person: the severity-2 alert to each Sekretaris Pers when the incident
    # was opened, and the notice that the draft awaited their approval.)
    messages = smtp_sink.wait_for(5)
    subjects = {}
    for m in messages:
        for addr in m["to"]:
            subjects.setdefault(addr, []).append(m["message"]["Subject"])
    assert subjects["maya@tvlokal.example.id"] == ["Pernyataan Resmi: Pernyataan Resmi Banjir Sukamaju"]
    assert any("KRISIS 2" in subject for subject in subjects[sekretaris.email])
    assert any("menunggu persetujuan" in subject for subject in subjects[sekretaris.email])


def test_dashboard_countdowns_tick_and_overdue_is_highlighted(
    page, staf, kepala, browser_login, screenshot, celery_worker, smtp_sink
):
    # The worker takes the severity-1/2 alerts, so no task is left in the broker after the test.
    from crises.models import Incident
    from crises.services import incident_open

    incident_open(actor=staf, title="Gangguan layanan perizinan daring", severity=3, owner=staf)
    late = incident_open(actor=staf, title="Banjir Kecamatan Sukamaju", severity=2, owner=staf, team=[kepala])
    Incident.objects.filter(pk=late.pk).update(next_update_due_at=timezone.now() - timedelta(minutes=12))
    incident_open(
        actor=staf,
        title="Dugaan kebocoran data penerima bansos",
        severity=1,
        owner=staf,
        kind="data_breach",
        detected_at=timezone.now() - timedelta(hours=30),
    )
    browser_login(page, staf.username)
    page.goto("/staf/krisis/")
    rows = page.get_by_test_id("incident-row")
    assert rows.count() == 3
    # Most severe first; the overdue one is highlighted.
    assert "kebocoran data" in rows.nth(0).inner_text()
    assert "Batas UU PDP" in rows.nth(0).inner_text()
    assert "is-overdue" in rows.nth(1).get_attribute("class")
    assert "terlambat" in rows.nth(1).inner_text()
    # countdown.js keeps the seconds ticking (no inline script on the page).
    ticking = rows.nth(1).locator("[data-countdown] .countdown-value")
    first = ticking.inner_text()
    page.wait_for_timeout(1500)
    assert ticking.inner_text() != first and ticking.inner_text().startswith("terlambat 12 m")
    assert page.locator("script:not([src])").count() == 0
    screenshot(page, "crises-06-dashboard-overdue")
    assert len(smtp_sink.wait_for(2)) == 2  # the severity-1 and -2 alerts to Kepala Humas
