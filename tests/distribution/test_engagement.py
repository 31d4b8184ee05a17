"""Engagement, privacy first: links in the HTML part become signed redirects counted per link;
per-recipient clicks only when the office turns it on (off by default), and then the footer
says so; a tampered link is a 404 and the redirect goes only to the URL that was signed."""

import re

import pytest
from django.urls import reverse

from distribution import services
from distribution.engagement import engagement_flush, engagement_record
from distribution.links import CLICK
from distribution.models import EngagementCount, LinkClickCount, RecipientClick
from distribution.sending import send_batch
from kernel.links import link_read, link_token
from kernel.models import OrganisationProfile
from kernel.services import cache_clear_own_keys
from releases.distribution_hooks import release_public_url

pytestmark = pytest.mark.django_db

NOTICE = "Kami mencatat klik Anda pada tautan di surat ini"


def _send(sekretaris, release, journalists):
    dist = services.distribution_create(actor=sekretaris, source=release, lists=journalists["lists"])
    services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    return dist


def _click_links(html):
    return re.findall(r'href="(https://humas\.example\.go\.id/tautan/[^"]+)"', html)


@pytest.fixture
def site(settings):
    settings.HUMAS_SITE_URL = "https://humas.example.go.id"
    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000


def test_tracking_is_off_by_default_and_clicks_are_counted_per_link(
    client, site, smtp_sink, sekretaris, release_factory, journalists
):
    assert OrganisationProfile._meta.get_field("mail_track_recipients").default is False
    release = release_factory(status="published")
    dist = _send(sekretaris, release, journalists)
    messages = smtp_sink.wait_for(4)
    public = release_public_url(release)
    tokens = set()
    for item in messages:
        html = item["message"].get_body(("html",)).get_content()
        text = item["message"].get_body(("plain",)).get_content()
        assert NOTICE not in html and NOTICE not in text
        links = _click_links(html)
        assert links, html
        # The public page's link is a redirect; the unsubscribe link stays as it is (one click).
        assert f'href="{public}"' not in html and "/berhenti-langganan/" in html
        for url in links:
            token = url.rsplit("/tautan/", 1)[1].rstrip("/")
            signed = link_read(CLICK, token)
            assert signed.pk == dist.pk and "d" not in signed.extra  # no person in it
            tokens.add(token)
    # The same link for every recipient: nothing in it tells them apart.
    by_url = {link_read(CLICK, t).extra["u"]: t for t in tokens}
    assert len(by_url) == len(tokens) and public in by_url
    path = reverse("distribution:click", kwargs={"token": by_url[public]})
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == public
    assert not LinkClickCount.objects.exists()  # the public GET wrote no row
    assert engagement_flush() == 3
    assert LinkClickCount.objects.get(distribution=dist, url=public).clicks == 3
    assert not RecipientClick.objects.exists()


def test_tampered_or_foreign_link_is_404(client, site, smtp_sink, sekretaris, release_factory, journalists):
    dist = _send(sekretaris, release_factory(status="published"), journalists)
    html = smtp_sink.wait_for(4)[0]["message"].get_body(("html",)).get_content()
    token = _click_links(html)[0].rsplit("/tautan/", 1)[1].rstrip("/")
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    assert client.get(reverse("distribution:click", kwargs={"token": tampered})).status_code == 404
    # Signed for another purpose (the unsubscribe link's salt): not a click link.
    from contacts.links import UNSUBSCRIBE

    foreign = link_token(UNSUBSCRIBE, journalists["people"][0].pk)
    assert client.get(reverse("distribution:click", kwargs={"token": foreign})).status_code == 404
    # Ours, but to something that is not a web page: never followed.
    evil = link_token(CLICK, dist.pk, u="javascript:alert(1)")
    assert client.get(reverse("distribution:click", kwargs={"token": evil})).status_code == 404
    engagement_flush()
    assert not LinkClickCount.objects.exists()


def test_per_recipient_tracking_when_on_says_so_in_the_footer(
    client, site, smtp_sink, sekretaris, release_factory, journalists
):
    OrganisationProfile.objects.update_or_create(
        pk=1, defaults={"name": "Pemkot", "mail_track_recipients": True}
    )
    cache_clear_own_keys()
    release = release_factory(status="published")
    dist = _send(sekretaris, release, journalists)
    item = smtp_sink.wait_for(4)[0]
    html = item["message"].get_body(("html",)).get_content()
    assert NOTICE in html and NOTICE in item["message"].get_body(("plain",)).get_content()
    delivery = dist.deliveries.get(email=item["to"][0])
    links = [link_read(CLICK, u.rsplit("/tautan/", 1)[1].rstrip("/")) for u in _click_links(html)]
    assert {link.extra["d"] for link in links} == {delivery.pk}
    public = release_public_url(release)
    [mine] = [
        u
        for u in _click_links(html)
        if link_read(CLICK, u.rsplit("/tautan/", 1)[1].rstrip("/")).extra["u"] == public
    ]
    assert client.get(mine.replace("https://humas.example.go.id", "")).status_code == 302
    engagement_flush()
    assert LinkClickCount.objects.get(distribution=dist, url=public).clicks == 1
    click = RecipientClick.objects.get()
    assert click.delivery == delivery and click.url == public


def test_report_shows_clicks_with_a_chart_and_page_openings(
    client, site, smtp_sink, sekretaris, release_factory, journalists
):
    release = release_factory(status="published")
    dist = _send(sekretaris, release, journalists)
    public = release_public_url(release)
    for _ in range(2):
        client.get(reverse("distribution:click", kwargs={"token": link_token(CLICK, dist.pk, u=public)}))
    engagement_record(distribution_id=dist.pk, what="presskit")
    client.force_login(sekretaris)
    # Waiting counts are shown before beat folds them in, and the same after.
    for _ in range(2):
        page = client.get(reverse("staff_distribution:report", args=[dist.pk])).content.decode()
        assert 'data-testid="click-chart"' in page and 'data-clicks="2"' in page and public in page
        assert "Kit media dibuka: <strong>1</strong>" in page
        assert "klik per penerima tidak dicatat" in page
        engagement_flush()
    assert EngagementCount.objects.get(distribution=dist, what="presskit").count == 1
