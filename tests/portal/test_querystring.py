"""Links that page or export a filtered list keep the filters ({% querystring %} in
templates/humas/pagination.html and the export links), on cached public pages and on staff pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import HumasClient
from tests.publicinfo.factories import make_document

pytestmark = pytest.mark.django_db


def test_public_cached_list_pages_keep_the_filters(ppid):
    for n in range(21):  # one more than a page
        make_document(actor=ppid, title=f"Laporan kegiatan nomor {n}", category="setiap_saat")
    anon = Client()
    url = reverse("public:information")
    first = anon.get(url, {"kategori": "setiap_saat", "q": "Laporan"}).content.decode()
    assert 'href="?kategori=setiap_saat&amp;q=Laporan&amp;page=2" rel="next"' in first
    # The second request is the cached copy: the link was written into it, not per request.
    assert anon.get(url, {"kategori": "setiap_saat", "q": "Laporan"}).content.decode().count("page=2") == 1
    second = anon.get(url, {"kategori": "setiap_saat", "q": "Laporan", "page": "2"}).content.decode()
    assert 'href="?kategori=setiap_saat&amp;q=Laporan&amp;page=1" rel="prev"' in second
    assert "page=3" not in second


def test_conference_invitation_pages_keep_the_answer_filter(staf):
    """Defect: the invitation list dropped its answer and name filters on page 2."""
    from conferences.models import Invitation
    from contacts.models import Journalist
    from tests.publicinfo.factories import make_conference

    conference = make_conference(staf=staf)
    people = Journalist.objects.bulk_create(
        Journalist(name=f"Wartawan {n:03d}", email=f"w{n}@media.example.id") for n in range(101)
    )
    Invitation.objects.bulk_create(
        Invitation(conference=conference, journalist=j, answer=Invitation.Answer.YES) for j in people
    )
    client = HumasClient()
    client.force_login(staf)
    url = reverse("staff_conferences:detail", kwargs={"pk": conference.pk})
    html = client.get(url, {"jawaban": "yes", "q": "Wartawan"}).content.decode()
    assert 'href="?jawaban=yes&amp;q=Wartawan&amp;page=2" rel="next"' in html


def test_export_forms_keep_the_filters_without_the_page(kepala):
    client = HumasClient()
    client.force_login(kepala)
    html = client.get(reverse("staff_contacts:journalist_list"), {"q": "budi", "page": "1"}).content.decode()
    export = reverse("staff_contacts:journalist_export")
    assert f'action="{export}?q=budi&amp;format=csv"' in html
    assert f'action="{export}?q=budi&amp;format=xlsx"' in html
    # The bulk form returns to the filtered list, first page.
    assert '<input type="hidden" name="next" value="?q=budi">' in html
