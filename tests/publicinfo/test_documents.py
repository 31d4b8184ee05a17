import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kernel.models import AuditEntry
from kernel.refusal import Refusal
from publicinfo import selectors, services
from publicinfo.files import MAX_BYTES
from publicinfo.models import PublicDocument

from .factories import make_document, pdf_upload

pytestmark = pytest.mark.django_db


def _zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("a.pdf", None),
        ("a.docx", _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})),
        ("a.xlsx", _zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<w/>"})),
        ("a.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<o/>"})),
        ("a.csv", b"nama,jumlah\nPosko A,120\nPosko B,85\n"),
    ],
)
def test_each_allowed_type_is_recognised_by_content(ppid, name, content):
    upload = pdf_upload(name) if content is None else SimpleUploadedFile(name, content)
    doc = make_document(actor=ppid, upload=upload, title=f"Dokumen {name}")
    assert doc.file_type == name.rsplit(".", 1)[1]
    assert doc.file_size == upload.size


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.pdf", b"MZ\x90\x00 this is an exe", "tidak cocok"),
        ("laporan.docx", b"%PDF-1.4 a pdf in disguise", "tidak cocok"),
        ("page.csv", b"<html><script>alert(1)</script></html>", "tidak cocok"),
        ("skrip.exe", b"MZ\x90\x00", "tidak diizinkan"),
        ("kosong.pdf", b"", "kosong"),
        ("fake.xlsx", _zip({"word/document.xml": "<w/>"}), "tidak cocok"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_written(ppid, name, content, message):
    with pytest.raises(Refusal) as exc:
        make_document(actor=ppid, upload=SimpleUploadedFile(name, content))
    assert message in exc.value.message
    assert not PublicDocument.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="publicinfo.").exists()


def test_size_limit(ppid):
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 1))
    with pytest.raises(Refusal, match="terlalu besar"):
        make_document(actor=ppid, upload=big)


def test_create_publish_unpublish_are_audited_and_slug_is_stable(ppid):
    doc = make_document(actor=ppid, publish=False)
    assert doc.slug == "laporan-keuangan-tahun-2025"
    with pytest.raises(Http404):
        selectors.document_public_get(doc.slug)
    services.document_set_published(actor=ppid, document=doc, published=True)
    assert selectors.document_public_get(doc.slug).pk == doc.pk
    updated = services.document_update(
        actor=ppid,
        document=doc,
        data={"title": "Laporan Keuangan 2025 (revisi)", "category": "setiap_saat", "date": date(2026, 4, 2)},
    )
    assert updated.slug == doc.slug  # the URL stays the same after an edit
    services.document_set_published(actor=ppid, document=doc, published=False)
    actions = list(
        AuditEntry.objects.filter(object_id=str(doc.pk), action__startswith="publicinfo.")
        .order_by("id")
        .values_list("action", "to_state")
    )
    assert actions == [
        ("publicinfo.document_create", "draft"),
        ("publicinfo.document_publish", "published"),
        ("publicinfo.document_update", ""),
        ("publicinfo.document_unpublish", "draft"),
    ]
    second = make_document(actor=ppid)
    assert second.slug == "laporan-keuangan-tahun-2025-2"


def test_only_ppid_and_kepala_manage_documents(staf, sekretaris, kepala, ppid, outsider):
    for user in (staf, sekretaris, outsider):
        with pytest.raises(Refusal):
            make_document(actor=user)
    assert make_document(actor=kepala).created_by == kepala
    doc = make_document(actor=ppid, publish=False)
    with pytest.raises(Refusal):
        services.document_set_published(actor=staf, document=doc, published=True)


def test_spokespersons_kepala_and_sekretaris_only(staf, sekretaris, kepala, ppid):
    data = {"name": "Rina Wulandari", "position": "Sekretaris Pers", "email": "rina@example.go.id"}
    for user in (staf, ppid):
        with pytest.raises(Refusal):
            services.spokesperson_save(actor=user, data=data)
    person = services.spokesperson_save(actor=sekretaris, data=data)
    services.spokesperson_save(actor=kepala, data={"position": "Juru Bicara"}, spokesperson=person)
    person.refresh_from_db()
    assert person.position == "Juru Bicara"
    services.spokesperson_delete(actor=kepala, spokesperson=person)
    assert AuditEntry.objects.filter(action="publicinfo.spokesperson_delete").count() == 1


def test_download_serves_published_file_and_hides_drafts(client, ppid):
    doc = make_document(actor=ppid)
    response = client.get(doc.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    draft = make_document(actor=ppid, title="Rancangan belum terbit", publish=False)
    assert client.get(draft.get_download_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    # An unguessable name with the detected extension, and the media door refuses a draft's file.
    assert re.fullmatch(r"publicinfo/[0-9a-f]{32}\.pdf", draft.file.name)
    assert client.get(draft.file.url).status_code == 404
    assert client.get(doc.file.url).status_code == 200
