"""Which permissions each role holds for crises ("app_label.codename"); merged by kernel.roles.

Staf Humas logs incidents, timeline entries and media inquiries and drafts statements and
templates; Sekretaris Pers also approves (never their own text), publishes and sends statements,
closes incidents and sets the update cadence; Kepala Humas holds all of that. PPID: nothing."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

_STAF = [
    "crises.view_incident",
    "crises.add_incident",
    "crises.change_incident",
    "crises.view_timelineentry",
    "crises.add_timelineentry",
    "crises.view_statement",
    "crises.add_statement",
    "crises.change_statement",
    "crises.view_statementtemplate",
    "crises.add_statementtemplate",
    "crises.change_statementtemplate",
    "crises.view_mediainquiry",
    "crises.add_mediainquiry",
    "crises.change_mediainquiry",
    "crises.view_severitycadence",
]
_SEKRETARIS = [
    "crises.approve_statement",
    "crises.release_statement",
    "crises.approve_statementtemplate",
    "crises.resolve_incident",
    "crises.change_severitycadence",
]

ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _STAF + _SEKRETARIS,
    KEPALA: _STAF + _SEKRETARIS,
    PPID: [],
}
