"""Which permissions each role holds for public information ("app_label.codename"); merged by
kernel.roles. PPID manages the KIP documents; Kepala Humas holds everything; Sekretaris Pers and
Kepala Humas keep the spokesperson list. The services check these again."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

ROLE_PERMISSIONS = {
    STAF: [],
    SEKRETARIS: [
        "publicinfo.view_spokesperson",
        "publicinfo.add_spokesperson",
        "publicinfo.change_spokesperson",
        "publicinfo.delete_spokesperson",
    ],
    KEPALA: [
        "publicinfo.view_spokesperson",
        "publicinfo.add_spokesperson",
        "publicinfo.change_spokesperson",
        "publicinfo.delete_spokesperson",
        "publicinfo.view_publicdocument",
        "publicinfo.add_publicdocument",
        "publicinfo.change_publicdocument",
        "publicinfo.publish_publicdocument",
    ],
    PPID: [
        "publicinfo.view_publicdocument",
        "publicinfo.add_publicdocument",
        "publicinfo.change_publicdocument",
        "publicinfo.publish_publicdocument",
    ],
}
