import io
import zipfile

import pytest
from openpyxl import load_workbook

from kernel.exports import csv_stream, neutralise, xlsx_bytes
from kernel.files import file_kind
from kernel.text import html_to_text, plain_line, plain_text, unique_slug


def test_plain_text_keeps_what_was_typed_less_control_characters():
    assert plain_text("Rapat & <Jumpa> Pers\r\n\x00baris\x07") == "Rapat & <Jumpa> Pers\nbaris"
    assert plain_line("Judul\r\nReply-To: x@y\u2028z") == "Judul Reply-To: x@y z"


def test_html_to_text_makes_tables_readable():
    html = "<p>Data</p><table><tr><th>Sungai</th><th>Debit</th></tr><tr><td>Citarum</td><td>800</td></tr></table>"
    text = html_to_text(html)
    assert "Sungai | Debit" in text and "Citarum | 800" in text
    assert "Citarum800" not in text


@pytest.mark.django_db
def test_unique_slug():
    from kernel.models import Notification

    assert unique_slug(Notification.objects.all(), "Banjir Bandang", field="subject") == "banjir-bandang"
    Notification.objects.create(kind="t", to_address="a@b.id", subject="banjir-bandang", body="")
    Notification.objects.create(kind="t", to_address="a@b.id", subject="banjir-bandang-2", body="")
    assert unique_slug(Notification.objects.all(), "Banjir Bandang", field="subject") == "banjir-bandang-3"
    assert unique_slug(Notification.objects.all(), "!!!", field="subject", fallback="dokumen") == "dokumen"


def test_exports_neutralise_csv_but_keep_xlsx_strings_as_strings():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    csv_text = b"".join(csv_stream(["nama", "telepon"], [["=cmd", "+62 812"]])).decode("utf-8-sig")
    assert "'=cmd" in csv_text and "'+62 812" in csv_text
    book = load_workbook(io.BytesIO(xlsx_bytes(["nama", "telepon"], [["=cmd", "+62 812 1"]])))
    row = [c.value for c in next(iter(book.active.iter_rows(min_row=2, max_row=2)))]
    assert row == ["=cmd", "+62 812 1"]
    assert book.active.cell(row=2, column=1).data_type == "s"


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    buffer.seek(0)
    return buffer


def test_file_kind_looks_at_bytes_not_names():
    assert file_kind(io.BytesIO(b"%PDF-1.7 ...")) == "pdf"
    assert file_kind(_zip(["[Content_Types].xml", "word/document.xml"])) == "docx"
    assert file_kind(_zip(["[Content_Types].xml", "xl/workbook.xml"])) == "xlsx"
    assert file_kind(io.BytesIO(b"nama,email\nA,a@b.id\n")) == "csv"
    assert file_kind(io.BytesIO(b"<html><script>alert(1)</script>")) is None
    assert file_kind(io.BytesIO(b"\x89PNG\r\n")) is None


def test_html_to_text_keeps_each_table_row_on_one_line_whatever_the_cells_hold():
    # CKEditor puts paragraphs in cells after a paste from Word; old main gave "Citarum\n\n| 800".
    html = (
        '<p>Debit sungai:</p><figure class="table"><table><caption>Per 1 Desember</caption><tbody>'
        "<tr>\n<th><p>Sungai</p></th>\n<th>Debit (m³/s)</th><th>Siaga</th></tr>"
        "<tr>\n<td>\n<p>Citarum</p><p>hulu</p>\n</td>\n<td><strong>800</strong></td><td>4</td></tr>"
        "<tr><td>Ciliwung &amp; Cisadane</td><td>1&lt;2</td><td></td></tr>"
        "</tbody></table><figcaption>Sumber: BBWS</figcaption></figure><p>Tetap waspada.</p>"
    )
    lines = html_to_text(html).splitlines()
    assert "Sungai | Debit (m³/s) | Siaga" in lines
    assert "Citarum hulu | 800 | 4" in lines
    assert "Ciliwung & Cisadane | 1<2 |" in lines
    assert "Per 1 Desember" in lines and "Sumber: BBWS" in lines
    assert lines[0] == "Debit sungai:" and lines[-1] == "Tetap waspada."


def test_html_to_text_without_tables_is_unchanged_for_its_other_callers():
    html = '<p>Satu <a href="https://x.id/a">tautan</a></p><ul><li>a</li><li>b</li></ul><p>x<br>y</p>'
    assert html_to_text(html) == "Satu tautan (https://x.id/a)\n\n- a\n\n- b\n\nx\ny"
