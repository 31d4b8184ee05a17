"""Audit actions of crises, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "incident.open": _("Insiden dibuka"),
        "incident.update": _("Insiden diubah"),
        "incident.status": _("Status insiden diubah"),
        "incident.escalate": _("Tingkat keparahan insiden dinaikkan"),
        "incident.deescalate": _("Tingkat keparahan insiden diturunkan"),
        "incident.timeline_add": _("Catatan linimasa ditambahkan"),
        "incident.timeline_correct": _("Catatan linimasa dikoreksi"),
        "incident.overdue_reminder": _("Pengingat pembaruan insiden dikirim"),
        "incident.resolve": _("Insiden diselesaikan"),
        "crises.cadence_update": _("Jadwal pembaruan per tingkat keparahan diubah"),
        "statement.draft": _("Pernyataan penahan dirancang"),
        "statement.update": _("Pernyataan penahan diubah"),
        "statement.approve": _("Pernyataan penahan disetujui"),
        "statement.reject": _("Pernyataan penahan dikembalikan"),
        "statement.release": _("Pernyataan resmi dirilis"),
        "statement_template.create": _("Templat pernyataan dibuat"),
        "statement_template.update": _("Templat pernyataan diubah"),
        "statement_template.approve": _("Templat pernyataan disetujui"),
        "inquiry.create": _("Pertanyaan media dicatat"),
        "inquiry.update": _("Pertanyaan media diubah"),
        "inquiry.start": _("Pertanyaan media mulai disiapkan"),
        "inquiry.answer": _("Pertanyaan media dijawab"),
        "inquiry.decline": _("Pertanyaan media tidak dijawab"),
        "inquiry.reopen": _("Pertanyaan media dibuka kembali"),
    }
)
