"""Audit actions of contacts, with their labels (kernel.audit)."""

from django.utils.translation import gettext_lazy as _

from kernel.audit import audit_actions_register

audit_actions_register(
    {
        "contacts.outlet.create": _("Media ditambahkan"),
        "contacts.outlet.update": _("Media diubah"),
        "contacts.journalist.create": _("Jurnalis ditambahkan"),
        "contacts.journalist.update": _("Jurnalis diubah"),
        "contacts.journalist.opt_out": _("Jurnalis berhenti berlangganan"),
        "contacts.journalist.opt_in": _("Jurnalis berlangganan kembali"),
        "contacts.journalist.erase": _("Data pribadi jurnalis dihapus (UU PDP)"),
        "contacts.journalist.resubscribe_request": _("Konfirmasi berlangganan kembali dikirim ke jurnalis"),
        "contacts.suppression.override": _("Alamat yang diblokir dibuka dengan persetujuan baru"),
        "contacts.journalist.subject_export": _("Data pribadi jurnalis diekspor untuk subjek data"),
        "contacts.list.create": _("Daftar kontak dibuat"),
        "contacts.list.update": _("Daftar kontak diubah"),
        "contacts.list.delete": _("Daftar kontak dihapus"),
        "contacts.list.add_members": _("Anggota ditambahkan ke daftar"),
        "contacts.list.remove_members": _("Anggota dikeluarkan dari daftar"),
        "contacts.list.from_segment": _("Daftar dibuat dari segmen"),
        "contacts.segment.create": _("Segmen dibuat"),
        "contacts.segment.update": _("Segmen diubah"),
        "contacts.segment.delete": _("Segmen dihapus"),
        "contacts.export": _("Kontak diekspor"),
        "contacts.import.upload": _("Berkas impor diunggah"),
        "contacts.import.validate": _("Berkas impor diperiksa"),
        "contacts.import.start": _("Impor dimulai"),
        "contacts.import.commit": _("Impor disimpan"),
        "contacts.import.fail": _("Impor gagal"),
        "contacts.import.purge_file": _("Berkas impor dihapus"),
        "contacts.import.map_columns": _("Kolom impor dipetakan"),
        "contacts.beat.create": _("Desk ditambahkan"),
        "contacts.journalist.contact_point_add": _("Kontak tambahan wartawan ditambahkan"),
        "contacts.journalist.contact_point_remove": _("Kontak tambahan wartawan dihapus"),
        "contacts.journalist.merge": _("Data wartawan ganda digabung"),
        "contacts.journalist.merged_into": _("Data wartawan digabung ke data lain"),
        "contacts.beat.rename": _("Desk diganti namanya"),
        "contacts.beat.delete": _("Desk dihapus"),
        "contacts.import.retry": _("Impor dicoba lagi"),
    }
)
