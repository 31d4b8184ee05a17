"""Which permissions each role holds for crises ("app_label.codename"); merged by humas.roles."""

from humas.roles import KEPALA, PPID, SEKRETARIS, STAF  # noqa: F401

ROLE_PERMISSIONS = {}
