"""Which permissions each role holds for distribution ("app_label.codename"); merged by kernel.roles."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

_STAF = [
    "distribution.view_distribution",
    "distribution.view_delivery",
]
# Starting a send (and test sends, pause, resume, cancel) is for Sekretaris Pers and Kepala Humas only.
_SEKRETARIS = [
    "distribution.view_distribution",
    "distribution.view_delivery",
    "distribution.add_distribution",
    "distribution.change_distribution",
    "distribution.send_distribution",
]
_KEPALA = [
    "distribution.view_distribution",
    "distribution.view_delivery",
    "distribution.add_distribution",
    "distribution.change_distribution",
    "distribution.send_distribution",
]

ROLE_PERMISSIONS = {STAF: _STAF, SEKRETARIS: _SEKRETARIS, KEPALA: _KEPALA, PPID: []}
