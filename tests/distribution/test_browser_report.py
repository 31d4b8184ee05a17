"""The report in real Chromium: clicks per link as a chart, a correction prepared from the
report with a confirmation, and its draft's preview marked as a correction."""

import pytest
from django.urls import reverse

from distribution import services
from distribution.engagement import engagement_flush
from distribution.links import CLICK
from distribution.sending import send_batch
from kernel.links import link_token
from releases.distribution_hooks import release_public_url


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_report_chart_and_correction_from_the_report(
    page, browser_login, screenshot, sekretaris, release_factory, journalists, smtp_sink, settings, client
):
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    release = release_factory(status="published")
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    services.distribution_finalize(distribution_id=dist.pk)
    for url, n in ((release_public_url(release), 5), ("https://example.id/lampiran.pdf", 2)):
        for _ in range(n):
            assert (
                client.get(
                    reverse("distribution:click", kwargs={"token": link_token(CLICK, dist.pk, u=url)})
                ).status_code
                == 302
            )
    engagement_flush()
    browser_login(page, sekretaris.username)
    page.goto(f"/staf/distribusi/{dist.pk}/laporan/")
    chart = page.locator("[data-testid=click-chart] rect")
    assert chart.count() == 2
    widths = [chart.nth(i).get_attribute("width") for i in range(2)]
    assert widths == ["100.0", "40.0"]
    assert page.locator("[data-testid=click-chart]").bounding_box()["height"] > 20
    screenshot(page, "distribution-report-clicks")
    page.click("[data-testid=follow-up-correction]")
    assert "4 penerima" in page.inner_text("[data-testid=follow-up-count]")
    page.check("[data-testid=confirm]")
    page.click("[data-testid=follow-up-create]")
    assert page.inner_text("[data-testid=preview-subject]").startswith("[Koreksi] ")
    assert "Koreksi: surat ini menggantikan" in page.inner_text("[data-testid=preview-text]")
    screenshot(page, "distribution-correction-draft")
