"""Which permissions each role holds for contacts ("app_label.codename"); merged by kernel.roles.
Staf Humas keeps the contacts; erasure and data-subject export are decided (and documented) by
Sekretaris Pers or Kepala Humas. PPID has no part of the contacts area."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

_STAF = [
    "contacts.view_mediaoutlet",
    "contacts.add_mediaoutlet",
    "contacts.change_mediaoutlet",
    "contacts.view_journalist",
    "contacts.add_journalist",
    "contacts.change_journalist",
    "contacts.import_journalist",
    "contacts.export_journalist",
    "contacts.view_contactlist",
    "contacts.add_contactlist",
    "contacts.change_contactlist",
    "contacts.delete_contactlist",
    "contacts.view_contactlistmembership",
    "contacts.add_contactlistmembership",
    "contacts.delete_contactlistmembership",
    "contacts.view_segment",
    "contacts.add_segment",
    "contacts.change_segment",
    "contacts.delete_segment",
    "contacts.view_contactimport",
    "contacts.add_contactimport",
]
_SEKRETARIS = [
    *_STAF,
    "contacts.erase_journalist",
    "contacts.export_personal_data",
]
_KEPALA = [*_SEKRETARIS]

ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _SEKRETARIS,
    KEPALA: _KEPALA,
    PPID: [],
}
