"""Permission codenames of public information, and which roles hold them (merged by kernel.roles).
PPID manages the KIP documents; Kepala Humas holds everything; Sekretaris Pers and Kepala Humas
keep the spokesperson list. The services check these again."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_DOCUMENT = "publicinfo.view_publicdocument"
ADD_DOCUMENT = "publicinfo.add_publicdocument"
CHANGE_DOCUMENT = "publicinfo.change_publicdocument"
PUBLISH_DOCUMENT = "publicinfo.publish_publicdocument"
VIEW_SPOKESPERSON = "publicinfo.view_spokesperson"
ADD_SPOKESPERSON = "publicinfo.add_spokesperson"
CHANGE_SPOKESPERSON = "publicinfo.change_spokesperson"
DELETE_SPOKESPERSON = "publicinfo.delete_spokesperson"

_SPOKESPERSONS = [VIEW_SPOKESPERSON, ADD_SPOKESPERSON, CHANGE_SPOKESPERSON, DELETE_SPOKESPERSON]
_DOCUMENTS = [VIEW_DOCUMENT, ADD_DOCUMENT, CHANGE_DOCUMENT, PUBLISH_DOCUMENT]
ROLE_PERMISSIONS = {
    STAF: [],
    SEKRETARIS: _SPOKESPERSONS,
    KEPALA: [*_SPOKESPERSONS, *_DOCUMENTS],
    PPID: _DOCUMENTS,
}
