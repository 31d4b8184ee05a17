import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kernel.navigation import staff_nav_for
from publicinfo.models import PublicDocument
from tests.conftest import HumasClient

from .factories import make_document, pdf_upload

pytestmark = pytest.mark.django_db


def _client(user):
    client = HumasClient()
    client.force_login(user)
    return client


def test_ppid_uploads_publishes_and_unpublishes_through_the_pages(ppid, django_capture_on_commit_callbacks):
    client = _client(ppid)
    response = client.post(
        reverse("staff_publicinfo:create"),
        {
            "title": "Daftar Informasi Publik 2026",
            "category": "setiap_saat",
            "date": "2026-01-05",
            "description": "Daftar informasi publik yang dikuasai badan publik.",
            "file": pdf_upload("dip.pdf"),
            "publish": "on",
        },
    )
    doc = PublicDocument.objects.get()
    assert response.status_code == 302 and doc.is_published and doc.created_by == ppid
    assert HumasClient().get(doc.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is bumped after commit
        client.post(reverse("staff_publicinfo:publish", args=[doc.pk]), {"action": "unpublish"})
    doc.refresh_from_db()
    assert not doc.is_published
    assert HumasClient().get(doc.get_absolute_url()).status_code == 404
    listing = client.get(reverse("staff_publicinfo:list"), {"q": "daftar", "kategori": "setiap_saat"})
    assert "Daftar Informasi Publik 2026" in listing.content.decode()


def test_bad_upload_gets_an_indonesian_message_and_nothing_is_written(ppid):
    response = _client(ppid).post(
        reverse("staff_publicinfo:create"),
        {
            "title": "Berkas palsu",
            "category": "berkala",
            "date": "2026-01-05",
            "file": SimpleUploadedFile("palsu.pdf", b"<html>bukan pdf</html>"),
        },
    )
    assert response.status_code == 200
    assert "Isi berkas tidak cocok dengan jenisnya" in response.content.decode()
    assert not PublicDocument.objects.exists()


def test_edit_keeps_the_file_when_none_uploaded(ppid):
    doc = make_document(actor=ppid)
    name = doc.file.name
    response = _client(ppid).post(
        reverse("staff_publicinfo:edit", args=[doc.pk]),
        {"title": "Judul baru", "category": "berkala", "date": "2026-02-01", "description": ""},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "Judul baru" and doc.file.name == name


def test_staff_nav_entry_for_ppid_and_kepala_only(ppid, kepala, staf, sekretaris):
    def names(user):
        return {item["name"] for item in staff_nav_for(user)}

    assert "staff_publicinfo:list" in names(ppid) and "staff_publicinfo:list" in names(kepala)
    assert "staff_publicinfo:list" not in names(staf) and "staff_publicinfo:list" not in names(sekretaris)


def test_spokesperson_pages(sekretaris):
    client = _client(sekretaris)
    response = client.post(
        reverse("staff_publicinfo:spokesperson_create"),
        {"name": "Rina Wulandari", "position": "Sekretaris Pers", "order": 1, "is_active": "on"},
    )
    assert response.status_code == 302
    assert "Rina Wulandari" in HumasClient().get(reverse("publicinfo:contact")).content.decode()


def test_demo_seed_is_idempotent(kepala, ppid):
    from publicinfo import demo
    from publicinfo.models import Spokesperson

    users = {"Kepala Humas": kepala, "PPID": ppid}
    demo.seed(org=None, users=users, stdout=None)
    demo.seed(org=None, users=users, stdout=None)
    assert PublicDocument.objects.filter(status=PublicDocument.Status.PUBLISHED).count() == len(
        demo.DOCUMENTS
    )
    assert Spokesperson.objects.count() == len(demo.SPOKESPERSONS)
