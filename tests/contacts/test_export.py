"""Export of any filter or list, with formula injection neutralised."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import ContactList, ContactListMembership
from kernel.exports import neutralise
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+6281234", "'+6281234"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Budi", "Budi"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture
def evil(make_journalist, outlet):
    return [
        make_journalist(name='=HYPERLINK("http://jahat.example","klik")', email="a@x.example", outlet=outlet),
        make_journalist(name="@SUM(1+1)", email="b@x.example", beat="-2+3", region="+Jakarta"),
        make_journalist(name="Biasa Saja", email="c@x.example", region="Bandung"),
    ]


def test_csv_export_escapes_formulas(client, staf, evil):
    client.force_login(staf)
    response = client.post(reverse("staff_contacts:journalist_export") + "?" + urlencode({"format": "csv"}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "nama"
    cells = [cell for row in rows[1:] for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://jahat.example","klik")' in cells
    assert "'-2+3" in cells and "'+Jakarta" in cells
    assert AuditEntry.objects.filter(action="contacts.export").exists()


def test_xlsx_export_escapes_formulas_and_filters(client, staf, evil):
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:journalist_export") + "?" + urlencode({"format": "xlsx", "q": "x.example"})
    )
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    # kernel.exports: text is written as string cells, which no spreadsheet evaluates, so a
    # phone number keeps its plus sign and no cell is a formula.
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert '=HYPERLINK("http://jahat.example","klik")' in values and "+Jakarta" in values
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    assert ws.max_row == 4
    response = client.post(
        reverse("staff_contacts:journalist_export") + "?" + urlencode({"format": "xlsx", "region": "Bandung"})
    )
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 2


def test_export_of_a_list_and_roundtrip(client, staf, evil, media_root, upload):
    from contacts import services
    from contacts.models import Journalist

    cl = ContactList.objects.create(name="Uji")
    ContactListMembership.objects.create(contact_list=cl, journalist=evil[0])
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:journalist_export")
        + "?"
        + urlencode({"format": "csv", "contact_list": cl.pk})
    )
    body = b"".join(response.streaming_content)
    assert body.decode("utf-8-sig").count("\n") == 2
    # What we export, we can import back (update mode), and the values survive unchanged.
    imp = services.contact_import_create(actor=staf, upload=upload(body), on_duplicate="update")
    services.contact_import_start_validation(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    assert imp.status == "validated", imp.report
    services.contact_import_commit(actor=staf, contact_import=imp)
    assert Journalist.objects.get(email="a@x.example").name == evil[0].name


def test_export_bad_format_404(client, staf):
    client.force_login(staf)
    assert (
        client.post(
            reverse("staff_contacts:journalist_export") + "?" + urlencode({"format": "pdf"})
        ).status_code
        == 404
    )
