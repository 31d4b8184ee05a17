"""Audit actions of the public-information portal, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "publicinfo.document_create": _("Dokumen informasi publik dibuat"),
        "publicinfo.document_update": _("Dokumen informasi publik diubah"),
        "publicinfo.document_publish": _("Dokumen informasi publik diterbitkan"),
        "publicinfo.document_unpublish": _("Dokumen informasi publik ditarik dari situs"),
        "publicinfo.spokesperson_create": _("Juru bicara ditambahkan"),
        "publicinfo.spokesperson_update": _("Juru bicara diubah"),
        "publicinfo.spokesperson_delete": _("Juru bicara dihapus"),
    }
)
