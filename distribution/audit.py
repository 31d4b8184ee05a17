"""Audit actions of distributions, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "distribution.create": _("Distribusi dibuat"),
        "distribution.update": _("Distribusi diubah"),
        "distribution.send_test": _("E-mail uji dikirim"),
        "distribution.schedule": _("Distribusi dijadwalkan"),
        "distribution.start": _("Distribusi dimulai"),
        "distribution.pause": _("Distribusi dijeda"),
        "distribution.resume": _("Distribusi dilanjutkan"),
        "distribution.cancel": _("Distribusi dibatalkan"),
        "distribution.complete": _("Distribusi selesai"),
        "distribution.requeue_stuck": _("Pengiriman yang macet diantrekan ulang"),
    }
)

audit_actions_register({"distribution.report_export": _("Laporan pengiriman diunduh")})
audit_actions_register({"distribution.follow_up_create": _("Tindak lanjut distribusi dibuat")})
