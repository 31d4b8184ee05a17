"""The public site's own pages."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_menu_marks_the_page_the_visitor_is_on():
    """The home page and the KIP list share the public site's namespace; each marks only itself
    (once in the wide menu, once in the phone menu: only one of the two is displayed)."""
    anon = Client()
    home = anon.get(reverse("public:home")).content.decode()
    kip = anon.get(reverse("public:information")).content.decode()
    assert home.count('aria-current="page"') == 2 and 'aria-current="page">Beranda' in home
    assert kip.count('aria-current="page"') == 2 and 'aria-current="page">Informasi Publik' in kip
