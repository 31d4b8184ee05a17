"""Audit actions of press releases and press kits, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "release.create": _("Siaran pers dibuat"),
        "release.update": _("Siaran pers diubah"),
        "release.autosave": _("Draf siaran pers tersimpan otomatis"),
        "release.restore_revision": _("Revisi siaran pers dipulihkan"),
        "release.duplicate": _("Siaran pers diduplikat sebagai draf baru"),
        "release.translation_create": _("Versi bahasa Inggris siaran pers dibuat"),
        "release.submit": _("Siaran pers diajukan untuk ditinjau"),
        "release.approve": _("Siaran pers disetujui"),
        "release.reject": _("Siaran pers dikembalikan ke draf"),
        "release.schedule": _("Siaran pers dijadwalkan"),
        "release.unschedule": _("Jadwal terbit siaran pers dibatalkan"),
        "release.publish": _("Siaran pers diterbitkan"),
        "release.publish_scheduled": _("Siaran pers terbit sesuai jadwal"),
        "release.correct": _("Siaran pers dikoreksi"),
        "release.withdraw": _("Siaran pers ditarik"),
        "release.unpublish": _("Siaran pers diturunkan dari situs"),
        "release.correction_propose": _("Koreksi besar siaran pers diusulkan"),
        "release.correction_approve": _("Koreksi besar siaran pers disetujui dan diterapkan"),
        "release.correction_reject": _("Koreksi besar siaran pers ditolak"),
        "release.timing_change": _("Embargo atau jadwal terbit siaran pers diubah"),
        "release.embargo_lift": _("Embargo siaran pers dicabut"),
        "release.unapprove": _("Siaran pers dikembalikan ke draf setelah disetujui"),
        "release.force_publish": _("Siaran pers diterbitkan sebelum embargo atau jadwalnya"),
        "release.share_revoke": _("Tautan pratinjau siaran pers dicabut"),
        "release.embargo_room_revoke": _("Tautan ruang embargo seorang wartawan dicabut"),
        "release.embargo_room_restore": _("Tautan ruang embargo seorang wartawan dipulihkan"),
        "release.photo_update": _("Keterangan atau teks alternatif foto diubah"),
        "presskit.request": _("Press kit diminta"),
        "presskit.ready": _("Press kit selesai dibuat"),
        "presskit.fail": _("Press kit gagal dibuat"),
    }
)
