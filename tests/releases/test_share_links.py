"""Share-preview links through kernel.links: purpose "releases.share", the old salt and lifetime,
one URL style (/pratinjau/<token>/), calm pages for links that can no longer be used."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from kernel.links import link_purpose, link_token
from releases import services
from releases.links import SHARE, SHARE_MAX_AGE, SHARE_SALT
from releases.models import Release
from releases.selectors import share_token_for, share_url_for

pytestmark = pytest.mark.django_db
S = Release.Status


def test_purpose_keeps_the_old_salt_and_lifetime():
    purpose = link_purpose(SHARE)
    assert purpose.salt == "releases.preview-share" == SHARE_SALT
    assert purpose.max_age == SHARE_MAX_AGE == 7 * 24 * 3600


def test_share_url_is_a_path_segment_on_the_public_site(release_in_state, settings, client):
    release = release_in_state(S.IN_REVIEW, title="Draf dibagikan")
    url = share_url_for(release)
    token = share_token_for(release)
    assert url == settings.HUMAS_SITE_URL.rstrip("/") + f"/pratinjau/{token}/"
    assert "Draf dibagikan" in client.get(f"/pratinjau/{token}/").content.decode()


def test_the_detail_page_shows_the_kernel_link(release_in_state, client, sekretaris):
    release = release_in_state(S.IN_REVIEW)
    client.force_login(sekretaris)
    body = client.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert share_url_for(release) in body


def test_a_link_made_before_the_kernel_still_opens_until_it_expires(release_in_state, client):
    release = release_in_state(S.IN_REVIEW, title="Tautan lama")
    legacy = signing.TimestampSigner(salt=SHARE_SALT).sign(str(release.pk))
    url = reverse("releases:share_preview", kwargs={"token": legacy})
    assert "Tautan lama" in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(url).status_code == 410


def test_a_token_of_another_purpose_is_refused(release_in_state, client):
    from kernel.links import link_purpose_register

    link_purpose_register("tests.other", salt="tests.other.v1")
    release = release_in_state(S.IN_REVIEW, title="Bukan untuk dibagikan")
    response = client.get(
        reverse("releases:share_preview", kwargs={"token": link_token("tests.other", release.pk)})
    )
    assert response.status_code == 404 and "Bukan untuk dibagikan" not in response.content.decode()


def test_an_unpublished_release_is_gone_for_its_share_link(release_in_state, client, kepala):
    release = release_in_state(S.PUBLISHED, title="Akan diturunkan")
    url = reverse("releases:share_preview", kwargs={"token": share_token_for(release)})
    services.release_unpublish(release=release, actor=kepala, reason="Salah unggah.")
    response = client.get(url)
    assert response.status_code == 410
    body = response.content.decode()
    assert "Akan diturunkan" not in body and "tidak berlaku lagi" in body
    assert response["Cache-Control"] == "private, no-store"
