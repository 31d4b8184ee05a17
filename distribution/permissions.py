"""Which permissions each role holds for distribution ("app_label.codename"); merged by kernel.roles.
Code names a permission by its constant below, never by a string typed again."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_DISTRIBUTION = "distribution.view_distribution"
VIEW_DELIVERY = "distribution.view_delivery"
ADD_DISTRIBUTION = "distribution.add_distribution"
CHANGE_DISTRIBUTION = "distribution.change_distribution"
# Starting a send (and test sends, pause, resume, cancel) is for Sekretaris Pers and Kepala Humas only.
SEND_DISTRIBUTION = "distribution.send_distribution"

_STAF = [VIEW_DISTRIBUTION, VIEW_DELIVERY]
_SEKRETARIS = [*_STAF, ADD_DISTRIBUTION, CHANGE_DISTRIBUTION, SEND_DISTRIBUTION]
_KEPALA = [*_SEKRETARIS]

ROLE_PERMISSIONS = {STAF: _STAF, SEKRETARIS: _SEKRETARIS, KEPALA: _KEPALA, PPID: []}
