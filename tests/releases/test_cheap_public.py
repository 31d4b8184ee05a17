"""Issue 22: the public page cache keys on the declared query parameters only, and share links
are bound to a revision and revocable by staff."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from kernel.models import AuditEntry
from releases import services
from releases.models import Release
from releases.selectors import share_token_for

pytestmark = pytest.mark.django_db
S = Release.Status


def page_keys():
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    return len(list(cache._cache.get_client().scan_iter(f"{prefix}:*public:page:*")))


@pytest.mark.parametrize("url_name", ["releases:list", "public:information", "public:home"])
def test_unknown_query_parameters_add_no_cache_key(client, release_in_state, url_name):
    release_in_state(S.PUBLISHED, title="Banjir surut di Kali Code")
    url = reverse(url_name)
    assert client.get(url).status_code == 200
    before = page_keys()
    assert before >= 1
    for n in range(20):
        response = client.get(url, {"junk": n, "utm_source": f"x{n}"})
        assert response.status_code == 200
    assert page_keys() == before


def test_known_parameters_still_key_the_page(client, release_in_state):
    release_in_state(S.PUBLISHED, title="Banjir surut di Kali Code")
    url = reverse("releases:list")
    client.get(url)
    before = page_keys()
    client.get(url, {"page": 2})
    client.get(url, {"bulan": "2026-01"})
    assert page_keys() == before + 2
    # And a junk parameter on a known page is the same key as the page without it.
    client.get(url, {"bulan": "2026-01", "junk": "1"})
    assert page_keys() == before + 2


def preview(client, token):
    return client.get(reverse("releases:share_preview", kwargs={"token": token}))


def test_a_new_revision_kills_older_share_links(client, release_in_state, staf):
    release = release_in_state(S.DRAFT, title="Draf pertama")
    old = share_token_for(release)
    assert preview(client, old).status_code == 200
    services.release_update(release=release, actor=staf, data={"title": "Draf kedua"})
    release.refresh_from_db()
    response = preview(client, old)
    assert response.status_code == 410 and "Draf" not in response.content.decode()
    new = share_token_for(release)
    assert new != old and "Draf kedua" in preview(client, new).content.decode()


def test_staff_revoke_kills_every_link_and_is_audited(client, release_in_state, staf, outsider):
    release = release_in_state(S.IN_REVIEW, title="Draf rahasia")
    old = share_token_for(release)
    assert preview(client, old).status_code == 200
    url = reverse("staff_releases:share_revoke", args=[release.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(staf)
    assert client.get(url).status_code == 405
    page = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.share_links_revoked == 1
    entry = AuditEntry.objects.filter(action="release.share_revoke").get()
    assert entry.object_id == str(release.pk) and entry.actor == staf
    client.logout()
    assert preview(client, old).status_code == 410
    assert "Draf rahasia" in preview(client, share_token_for(release)).content.decode()


def test_links_without_a_revision_die_with_the_first_revoke(client, release_in_state, staf):
    from django.core import signing

    from kernel.links import link_token
    from releases.links import SHARE, SHARE_SALT

    release = release_in_state(S.IN_REVIEW, title="Draf lama")
    unbound = link_token(SHARE, release.pk)
    legacy = signing.TimestampSigner(salt=SHARE_SALT).sign(str(release.pk))
    assert preview(client, unbound).status_code == 200 and preview(client, legacy).status_code == 200
    services.release_share_links_revoke(release=release, actor=staf)
    assert preview(client, unbound).status_code == 410 and preview(client, legacy).status_code == 410
