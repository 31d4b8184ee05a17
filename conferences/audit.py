"""Audit actions of press conferences, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "conference.create": _("Konferensi pers dibuat"),
        "conference.update": _("Konferensi pers diubah"),
        "conference.reschedule": _("Konferensi pers dijadwalkan ulang"),
        "conference.invite": _("Undangan konferensi pers dikirim"),
        "conference.reminder": _("Pengingat konferensi pers dikirim"),
        "conference.rsvp": _("Jawaban undangan diterima"),
        "conference.checkin": _("Peserta hadir (check-in)"),
        "conference.walk_in": _("Peserta tanpa undangan dicatat"),
        "conference.held": _("Konferensi pers selesai dilaksanakan"),
        "conference.cancel": _("Konferensi pers dibatalkan"),
        "conference.followup_attended": _("Tindak lanjut dikirim ke peserta yang hadir"),
        "conference.followup_absent": _("Tindak lanjut dikirim ke undangan yang tidak hadir"),
        "conference.attendance_export": _("Daftar hadir konferensi pers diunduh"),
    }
)
