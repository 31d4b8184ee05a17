import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from kernel.templatetags.humas_tags import wib

pytestmark = pytest.mark.django_db


def test_public_page_is_indonesian_with_a_language_switcher(client):
    body = client.get("/").content.decode()
    assert '<html lang="id">' in body
    assert "Langsung ke isi" in body
    assert 'action="/i18n/setlang/"' in body


def test_switching_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Skip to content" in body


def test_login_page_in_both_languages(client):
    assert "Masuk ke area staf" in client.get(reverse("login")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign in to the staff area" in client.get(reverse("login")).content.decode()


def test_wib_filter_formats_jakarta_time():
    moment = datetime.datetime(2026, 8, 17, 3, 5, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert wib(moment) == "17 Agustus 2026, 10.05 WIB"
    with translation.override("en"):
        assert wib(moment) == "17 August 2026, 10.05 WIB"


def test_indonesian_even_for_an_english_browser_until_english_is_chosen(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
