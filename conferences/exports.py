"""Attendance list as CSV and PDF (WeasyPrint, no external resources)."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.selectors import organisation_profile_get

from . import selectors

# Spreadsheet apps run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _rows(conference):
    answers = dict(conference.invitations.values_list("journalist_id", "answer"))
    labels = {"yes": _("Hadir"), "no": _("Tidak hadir"), "maybe": _("Mungkin"), "": _("Belum menjawab")}
    rows = []
    for n, attendance in enumerate(selectors.attendance_list(conference), start=1):
        if attendance.is_walk_in:
            kind = _("Tanpa undangan")
        else:
            kind = _("Undangan") + f" ({labels.get(answers.get(attendance.journalist_id, ''), '')})"
        rows.append(
            {
                "no": n,
                "name": attendance.name,
                "outlet": attendance.outlet,
                "email": attendance.email,
                "phone": attendance.phone,
                "kind": kind,
                "time": f"{timezone.localtime(attendance.checked_in_at):%d-%m-%Y %H.%M} WIB",
                "by": attendance.checked_in_by.get_username() if attendance.checked_in_by else "",
            }
        )
    return rows


def attendance_csv(conference):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so Excel reads UTF-8 names correctly
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("No."),
            _("Nama"),
            _("Media"),
            _("E-mail"),
            _("Telepon"),
            _("Jenis"),
            _("Waktu hadir"),
            _("Dicatat oleh"),
        ]
    )
    for row in _rows(conference):
        writer.writerow(
            [row["no"]] + [_cell(row[k]) for k in ("name", "outlet", "email", "phone", "kind", "time", "by")]
        )
    return buffer.getvalue().encode("utf-8")


def _refuse_all(url, *args, **kwargs):
    # The attendance PDF is self-contained: no file, network or data URL is ever fetched.
    raise ValueError(f"external resource refused: {url[:80]}")


def attendance_pdf(conference):
    from weasyprint import HTML

    html = render_to_string(
        "conferences/attendance_pdf.html",
        {
            "conference": conference,
            "rows": _rows(conference),
            "org": organisation_profile_get(),
            "generated_at": timezone.now(),
        },
    )
    return HTML(string=html, url_fetcher=_refuse_all, base_url=None).write_pdf()
