"""The delivery report as a file: the same rows for the in-request CSV and, above 2,000
deliveries, the background export (kernel.exportjobs) — never a long request."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.exportjobs import ExportSource, export_register

from . import selectors
from .permissions import VIEW_DISTRIBUTION


def report_headers():
    """Column titles in the UI's language (the person's, as the page)."""
    return [
        _("Nama"),
        _("E-mail"),
        _("Media"),
        _("Status"),
        _("Alasan"),
        _("Percobaan"),
        _("Terkirim pada (WIB)"),
        "Message-ID",
        _("Balasan SMTP"),
    ]


def _wib(moment):
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M:%S") + " WIB"


def report_rows(rows):
    """Labels, not codes ("Terkirim", not "sent"); times in WIB."""
    for d in rows.iterator(chunk_size=2000):
        yield [
            d.journalist.name,
            d.email,
            d.journalist.outlet.name if d.journalist.outlet else "",
            d.get_status_display(),
            d.get_skip_reason_display() if d.skip_reason else "",
            d.attempts,
            _wib(d.sent_at),
            d.message_id,
            d.smtp_reply,
        ]


def report_export_build(params, actor):
    dist = selectors.distribution_get(params["distribution"])
    rows = selectors.delivery_report(dist, status=params.get("status") or None, q=params.get("q") or None)
    return ExportSource(
        headers=report_headers(),
        rows=report_rows(rows),
        count=rows.count(),
        filename=f"distribusi-{dist.pk}",
        title=_("Laporan pengiriman"),
    )


export_register(
    "distribution.report",
    label=gettext_lazy("Laporan pengiriman"),
    permission=VIEW_DISTRIBUTION,
    build=report_export_build,
)
