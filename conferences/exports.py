"""Attendance list as CSV (kernel.exports: formula cells neutralised) and PDF (WeasyPrint, no
external resources). Both hold personal data: the views write an audit entry per download
(services.attendance_export_log)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.exportjobs import ExportSource, export_register
from kernel.exports import csv_response, xlsx_response
from kernel.selectors import organisation_profile_get

from . import permissions as perms
from . import selectors

_lazy_label = gettext_lazy("Daftar hadir konferensi pers")


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


CSV_COLUMNS = ("no", "name", "outlet", "email", "phone", "kind", "time", "by")


def _headers():
    return [
        _("No."),
        _("Nama"),
        _("Media"),
        _("E-mail"),
        _("Telepon"),
        _("Jenis"),
        _("Waktu hadir"),
        _("Dicatat oleh"),
    ]


def attendance_csv_response(conference, *, filename):
    rows = ([row[k] for k in CSV_COLUMNS] for row in _rows(conference))
    return csv_response(_headers(), rows, filename=filename)


def attendance_export_build(params, actor):
    """A background attendance export (a big event: thousands checked in)."""
    conference = selectors.conference_get_for_staff(actor, params["conference"])
    rows = _rows(conference)
    return ExportSource(
        headers=_headers(),
        rows=([row[k] for k in CSV_COLUMNS] for row in rows),
        count=len(rows),
        filename=f"daftar-hadir-{conference.pk}",
        title=_("Daftar hadir"),
    )


export_register(
    "conferences.attendance",
    label=_lazy_label,
    permission=perms.VIEW_ATTENDANCE,
    build=attendance_export_build,
)


def attendance_xlsx_response(conference, *, filename):
    rows = ([row[k] for k in CSV_COLUMNS] for row in _rows(conference))
    return xlsx_response(_headers(), rows, filename=filename, title=_("Daftar hadir"))


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
