"""Issue 22: /healthz answers only the host and the load balancer, and a flood of probes costs
one DB/Redis/Celery ping per few seconds."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_is_404_for_everyone_but_the_allowed_addresses(client, settings):
    url = reverse("healthz")
    assert client.get(url).status_code == 503  # loopback (the test client) is allowed by default
    assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 404
    # Through the local nginx every peer is 127.0.0.1: the address nginx appended counts.
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
    assert client.get(url, HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.7").status_code == 404
    # A visitor can not talk his way in by prepending an allowed address.
    assert client.get(url, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    settings.HUMAS_HEALTHZ_ALLOWED = ["127.0.0.1", "10.20.0.0/16"]
    assert client.get(url, REMOTE_ADDR="10.20.3.4").status_code == 503
    assert client.get(url, HTTP_X_FORWARDED_FOR="10.20.3.4").status_code == 503
    assert client.get(url, REMOTE_ADDR="10.21.3.4").status_code == 404
    assert client.get(url, REMOTE_ADDR="::1").status_code == 404
    body = client.get(url, REMOTE_ADDR="203.0.113.7").content.decode()
    assert "celery" not in body and "database" not in body


def test_healthz_result_is_cached_for_a_few_seconds(client, settings, django_assert_num_queries):
    settings.HUMAS_HEALTHZ_CACHE_SECONDS = 30
    url = reverse("healthz")
    first = client.get(url)
    # The second probe pings nothing: no query (and no Celery broadcast, which takes a second).
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == first.status_code and second.json() == first.json()
    settings.HUMAS_HEALTHZ_CACHE_SECONDS = 0
    with django_assert_num_queries(1):
        client.get(url)
