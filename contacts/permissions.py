"""Which permissions each role holds for contacts ("app_label.codename"); merged by kernel.roles.
Staf Humas keeps the contacts; erasure and data-subject export are decided (and documented) by
Sekretaris Pers or Kepala Humas. PPID has no part of the contacts area. Code names a permission
by its constant below, never by a string typed again; contacts/services.py checks them."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_OUTLET = "contacts.view_mediaoutlet"
ADD_OUTLET = "contacts.add_mediaoutlet"
CHANGE_OUTLET = "contacts.change_mediaoutlet"
VIEW_JOURNALIST = "contacts.view_journalist"
ADD_JOURNALIST = "contacts.add_journalist"
CHANGE_JOURNALIST = "contacts.change_journalist"
IMPORT_JOURNALIST = "contacts.import_journalist"
EXPORT_JOURNALIST = "contacts.export_journalist"
ERASE_JOURNALIST = "contacts.erase_journalist"
EXPORT_PERSONAL_DATA = "contacts.export_personal_data"
VIEW_CONTACT_LIST = "contacts.view_contactlist"
ADD_CONTACT_LIST = "contacts.add_contactlist"
CHANGE_CONTACT_LIST = "contacts.change_contactlist"
DELETE_CONTACT_LIST = "contacts.delete_contactlist"
VIEW_MEMBERSHIP = "contacts.view_contactlistmembership"
ADD_MEMBERSHIP = "contacts.add_contactlistmembership"
DELETE_MEMBERSHIP = "contacts.delete_contactlistmembership"
VIEW_SEGMENT = "contacts.view_segment"
ADD_SEGMENT = "contacts.add_segment"
CHANGE_SEGMENT = "contacts.change_segment"
DELETE_SEGMENT = "contacts.delete_segment"
VIEW_IMPORT = "contacts.view_contactimport"
ADD_IMPORT = "contacts.add_contactimport"

_STAF = [
    VIEW_OUTLET,
    ADD_OUTLET,
    CHANGE_OUTLET,
    VIEW_JOURNALIST,
    ADD_JOURNALIST,
    CHANGE_JOURNALIST,
    IMPORT_JOURNALIST,
    EXPORT_JOURNALIST,
    VIEW_CONTACT_LIST,
    ADD_CONTACT_LIST,
    CHANGE_CONTACT_LIST,
    DELETE_CONTACT_LIST,
    VIEW_MEMBERSHIP,
    ADD_MEMBERSHIP,
    DELETE_MEMBERSHIP,
    VIEW_SEGMENT,
    ADD_SEGMENT,
    CHANGE_SEGMENT,
    DELETE_SEGMENT,
    VIEW_IMPORT,
    ADD_IMPORT,
]
_SEKRETARIS = [*_STAF, ERASE_JOURNALIST, EXPORT_PERSONAL_DATA]
_KEPALA = [*_SEKRETARIS]

ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _SEKRETARIS,
    KEPALA: _KEPALA,
    PPID: [],
}
