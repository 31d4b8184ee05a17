"""Import: messy files, dry run report, duplicates, encodings, atomic commit."""

import io

import pytest
from django.urls import reverse

from contacts import services
from contacts.importing import ImportRefused
from contacts.models import ContactImport, Journalist, MediaOutlet
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db

HEADER_ID = "Nama;Surel;No HP;Media;Jenis Media;Desk;Wilayah\n"


def run_import(actor, content, upload, *, name="kontak.csv", on_duplicate="skip", commit=True):
    imp = services.contact_import_create(
        actor=actor, upload=upload(content, name=name), on_duplicate=on_duplicate
    )
    services.contact_import_start_validation(actor=actor, contact_import=imp)
    imp.refresh_from_db()
    if commit and imp.can_commit:
        imp = services.contact_import_commit(actor=actor, contact_import=imp)
        imp.refresh_from_db()
    return imp


def test_indonesian_headers_semicolons_phone_normalised(staf, upload, media_root):
    content = HEADER_ID + "Budi Santoso;Budi@Kompas.example;0812-3456-7890;Kompas;cetak;Politik;Jakarta\n"
    imp = run_import(staf, content, upload)
    assert imp.status == ContactImport.Status.DONE, imp.report
    j = Journalist.objects.get()
    assert j.email == "budi@kompas.example"
    assert str(j.phone) == "+6281234567890"
    assert j.outlet.name == "Kompas" and j.outlet.outlet_type == "print"
    assert j.beat == "Politik" and j.language == "id"


def test_english_headers_comma_and_bom(staf, upload, media_root):
    content = "\ufeffName,Email,Phone,Outlet,Beat,Region,Language\nAni,ani@x.example,+62 21 555 0101,Tempo,Economy,Bandung,en\n"
    imp = run_import(staf, content, upload)
    assert imp.status == "done", imp.report
    j = Journalist.objects.get()
    assert (j.name, j.language, j.region) == ("Ani", "en", "Kota Bandung")  # the canonical region


def test_windows_1252_file(staf, upload, media_root):
    content = "nama,email\nJosé Müller,jose@x.example\n".encode("cp1252")
    imp = run_import(staf, content, upload)
    assert imp.status == "done", imp.report
    assert Journalist.objects.get().name == "José Müller"


def test_dry_run_reports_and_writes_nothing(staf, upload, media_root):
    content = (
        "nama,email,telepon,jenis media,tanggal persetujuan\n"
        "Andi,bukan-email,,,\n"
        ",kosong@x.example,,,\n"
        "Citra,citra@x.example,12,,\n"
        "Dewi,dewi@x.example,,satelit,\n"
        "Eko,eko@x.example,,,31/02/2026\n"
        "Fajar,fajar@x.example,,,\n"
    )
    imp = run_import(staf, content, upload)
    assert imp.status == ContactImport.Status.INVALID
    assert Journalist.objects.count() == 0
    errors = {(r["row"], r["field"], r.get("value")) for r in imp.report if r["level"] == "error"}
    # Only the required fields block; every message names row, column and the value.
    assert errors == {(2, "e-mail", "bukan-email"), (3, "nama", None)}
    warnings = {(r["row"], r["field"], r.get("value")) for r in imp.report if r["level"] == "warning"}
    assert warnings == {
        (4, "telepon", "12"),
        (5, "jenis media", "satelit"),
        (6, "tanggal persetujuan", "31/02/2026"),
    }
    assert (imp.error_count, imp.warning_count) == (2, 3)
    # Committing an invalid import is refused.
    with pytest.raises(Refusal):
        services.contact_import_commit(actor=staf, contact_import=imp)
    assert Journalist.objects.count() == 0


def test_missing_required_column(staf, upload, media_root):
    imp = run_import(staf, "nama,telepon\nAndi,0812\n", upload)
    assert imp.status == "invalid"
    assert any(r["field"] == "e-mail" and r["row"] == 1 for r in imp.report)


def test_duplicates_in_file_skip_keeps_first(staf, upload, media_root):
    content = "nama,email\nSatu,sama@x.example\nDua,SAMA@x.example\n"
    imp = run_import(staf, content, upload, on_duplicate="skip")
    assert imp.status == "done"
    assert Journalist.objects.get().name == "Satu"
    assert imp.skipped_count == 1
    assert any(r["row"] == 3 and "baris 2" in r["message"] for r in imp.report)


def test_duplicates_in_file_update_keeps_last(staf, upload, media_root):
    content = "nama,email\nSatu,sama@x.example\nDua,SAMA@x.example\n"
    imp = run_import(staf, content, upload, on_duplicate="update")
    assert imp.status == "done"
    assert Journalist.objects.get().name == "Dua"


def test_duplicates_against_database_skip_or_update(staf, upload, media_root, make_journalist):
    existing = make_journalist(name="Lama", email="Ada@X.example", beat="Olahraga")
    content = "nama,email,desk\nBaru,ada@x.example,\nLain,lain@x.example,Hukum\n"
    imp = run_import(staf, content, upload, on_duplicate="skip")
    assert (imp.created_count, imp.skipped_count, imp.updated_count) == (1, 1, 0)
    existing.refresh_from_db()
    assert existing.name == "Lama"

    content = "nama,email,desk\nBaru,ada@x.example,\n"
    imp = run_import(staf, content, upload, on_duplicate="update")
    assert imp.updated_count == 1
    existing.refresh_from_db()
    # Updated with what the file has; an empty cell never blanks what is known.
    assert existing.name == "Baru" and existing.beat == "Olahraga"
    assert Journalist.objects.count() == 2


def test_import_does_not_lift_do_not_contact(staf, upload, media_root, make_journalist):
    j = make_journalist(email="stop@x.example", do_not_contact=True)
    run_import(staf, "nama,email\nStop,stop@x.example\n", upload, on_duplicate="update")
    j.refresh_from_db()
    assert j.do_not_contact


def test_existing_outlet_matched_case_insensitively(staf, upload, media_root, outlet):
    imp = run_import(
        staf,
        "nama,media\nA,a@x.example\n".replace("nama,media", "nama,email,media").replace(
            "A,a@x.example", "A,a@x.example,HARIAN NUSANTARA"
        ),
        upload,
    )
    assert imp.status == "done", imp.report
    assert MediaOutlet.objects.count() == 1
    assert Journalist.objects.get().outlet == outlet


def test_formula_apostrophe_is_read_back(staf, upload, media_root):
    imp = run_import(staf, "nama,email,telepon\n'=Andi,andi@x.example,'+6281234567890\n", upload)
    assert imp.status == "done", imp.report
    j = Journalist.objects.get()
    assert j.name == "=Andi" and str(j.phone) == "+6281234567890"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "kosong.csv", "kosong"),
        (b"\n\n  \n", "kosong.csv", "kosong"),
        (bytes(range(256)) * 20, "data.csv", "biner"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "foto.csv", "biner"),
        (b"PK\x03\x04" + b"\x00" * 100, "arsip.csv", "bukan CSV"),
        (b"nama,email\n", "kontak.pdf", "tidak didukung"),
    ],
)
def test_refused_files(staf, upload, media_root, content, name, message):
    with pytest.raises(ImportRefused) as exc:
        services.contact_import_create(actor=staf, upload=upload(content, name=name), on_duplicate="skip")
    assert message in str(exc.value)
    assert ContactImport.objects.count() == 0


def test_header_only_file_is_refused_not_a_successful_dry_run(staf, upload, media_root):
    # Old main reported a header-only file as a clean dry run ("Siap diimpor", 0 rows).
    imp = run_import(staf, "nama,email\n\n,\n", upload, commit=False)
    assert imp.status == "failed"
    assert "hanya berisi judul kolom" in imp.failure


def test_too_large_file_refused(staf, upload, media_root, monkeypatch):
    from contacts import importing

    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ImportRefused) as exc:
        services.contact_import_create(
            actor=staf, upload=upload("nama,email\n" + "a,b@c.example\n" * 20), on_duplicate="skip"
        )
    assert "terlalu besar" in str(exc.value)


def test_broken_xlsx_refused_cleanly(staf, upload, media_root):
    imp = run_import(staf, b"PK\x03\x04garbage-not-a-zip", upload, name="kontak.xlsx")
    assert imp.status == "failed"
    assert "XLSX" in imp.failure
    assert Journalist.objects.count() == 0


def test_xlsx_import(staf, upload, media_root):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Nama", "E-mail", "Telepon", "Media", "Tanggal Persetujuan"])
    ws.append(["Rina", "rina@x.example", 81234567890, "Antara", "2026-01-15"])
    buf = io.BytesIO()
    wb.save(buf)
    imp = run_import(staf, buf.getvalue(), upload, name="kontak.xlsx")
    assert imp.status == "done", imp.report
    j = Journalist.objects.get()
    assert str(j.phone) == "+6281234567890"
    assert j.consent_date.isoformat() == "2026-01-15"


def test_commit_is_atomic_when_database_changes(staf, upload, media_root, make_journalist):
    """The dry run was clean, then the database changed: the commit re-checks and writes nothing."""
    content = "nama,email\nA,a@x.example\nB,b@x.example\n"
    imp = run_import(staf, content, upload, commit=False)
    assert imp.can_commit
    # Someone erased-or-added in between; simulate a row that now fails (too-long value can't
    # appear from the DB), so use a uniqueness race: a concurrent insert of the same e-mail.
    from contacts import importing

    original = importing.match_database

    def racing(plan, on_duplicate):
        original(plan, on_duplicate)
        Journalist.objects.create(name="Balapan", email="b@x.example")

    importing.match_database = racing
    try:
        imp = services.contact_import_commit(actor=staf, contact_import=imp)
    finally:
        importing.match_database = original
    imp.refresh_from_db()
    assert imp.status == "failed"
    assert Journalist.objects.filter(email__in=["a@x.example", "b@x.example"]).count() == 0


def test_import_views(client, staf, upload, media_root):
    client.force_login(staf)
    url = reverse("staff_contacts:import_upload")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload("nama,email\nAndi,andi@x.example\n"), "on_duplicate": "skip"})
    imp = ContactImport.objects.get()
    assert response.status_code == 302 and response["Location"] == imp.get_absolute_url()
    page = client.get(imp.get_absolute_url())
    assert "Uji coba berhasil" in page.content.decode()
    assert Journalist.objects.count() == 0
    client.post(reverse("staff_contacts:import_commit", args=[imp.pk]))
    assert Journalist.objects.filter(email="andi@x.example").exists()
    partial = client.get(imp.get_absolute_url() + "?partial=1", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content


def test_upload_refusal_message_in_page(client, staf, upload, media_root):
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:import_upload"),
        {"file": upload(b"\x00\x01\x02binary" * 50, name="x.csv"), "on_duplicate": "skip"},
    )
    assert response.status_code == 200
    assert "biner" in response.content.decode()


def test_ppid_can_not_import(client, ppid, upload, media_root):
    client.force_login(ppid)
    assert client.get(reverse("staff_contacts:import_upload")).status_code == 404
    assert client.get(reverse("staff_contacts:journalist_list")).status_code == 404


def test_too_many_rows_refused_cleanly(staf, upload, media_root, monkeypatch):
    from contacts import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    imp = run_import(staf, "nama,email\n" + "".join(f"N{i},n{i}@x.example\n" for i in range(5)), upload)
    assert imp.status == "failed" and "lebih dari 3 baris" in imp.failure
    assert Journalist.objects.count() == 0
