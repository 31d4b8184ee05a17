"""One CSV/XLSX export helper. Text a spreadsheet would read as a formula (starting with =, +,
-, @, a tab or a carriage return) gets a leading apostrophe in CSV (OWASP "CSV injection");
in XLSX the cell is written as a string cell, which no spreadsheet evaluates, so phone numbers
like +62 812... keep their plus sign without an apostrophe."""

import codecs
import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_stream(headers, rows):
    """Encoded CSV lines (UTF-8 with BOM, so Excel shows Indonesian names correctly)."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8 + writer.writerow([neutralise(h) for h in headers]).encode()
    for row in rows:
        yield writer.writerow([neutralise(v) for v in row]).encode()


def xlsx_bytes(headers, rows, *, title="Data"):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cells(values):
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # a string cell: never a formula, whatever it starts with
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells([str(h) for h in headers]))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _disposition(filename):
    from django.utils.http import content_disposition_header

    return content_disposition_header(True, filename)


def csv_response(headers, rows, *, filename):
    response = StreamingHttpResponse(csv_stream(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(headers, rows, *, filename, title="Data"):
    response = HttpResponse(xlsx_bytes(headers, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response
