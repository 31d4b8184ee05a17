"""Which permissions each role holds for crises ("app_label.codename"); merged by kernel.roles.

Staf Humas logs incidents, timeline entries and media inquiries and drafts statements and
templates; Sekretaris Pers also approves (never their own text), publishes and sends statements,
closes incidents and sets the update cadence; Kepala Humas holds all of that. PPID: nothing.
Code names a permission by its constant, never by a string typed again."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_INCIDENT = "crises.view_incident"
ADD_INCIDENT = "crises.add_incident"
CHANGE_INCIDENT = "crises.change_incident"
RESOLVE_INCIDENT = "crises.resolve_incident"
VIEW_TIMELINEENTRY = "crises.view_timelineentry"
ADD_TIMELINEENTRY = "crises.add_timelineentry"
VIEW_STATEMENT = "crises.view_statement"
ADD_STATEMENT = "crises.add_statement"
CHANGE_STATEMENT = "crises.change_statement"
APPROVE_STATEMENT = "crises.approve_statement"
RELEASE_STATEMENT = "crises.release_statement"
VIEW_STATEMENTTEMPLATE = "crises.view_statementtemplate"
ADD_STATEMENTTEMPLATE = "crises.add_statementtemplate"
CHANGE_STATEMENTTEMPLATE = "crises.change_statementtemplate"
APPROVE_STATEMENTTEMPLATE = "crises.approve_statementtemplate"
VIEW_MEDIAINQUIRY = "crises.view_mediainquiry"
ADD_MEDIAINQUIRY = "crises.add_mediainquiry"
CHANGE_MEDIAINQUIRY = "crises.change_mediainquiry"
VIEW_SEVERITYCADENCE = "crises.view_severitycadence"
CHANGE_SEVERITYCADENCE = "crises.change_severitycadence"
# Sending a statement to a contact list starts a distribution (owned by the distribution app).
SEND_DISTRIBUTION = "distribution.send_distribution"

_STAF = [
    VIEW_INCIDENT,
    ADD_INCIDENT,
    CHANGE_INCIDENT,
    VIEW_TIMELINEENTRY,
    ADD_TIMELINEENTRY,
    VIEW_STATEMENT,
    ADD_STATEMENT,
    CHANGE_STATEMENT,
    VIEW_STATEMENTTEMPLATE,
    ADD_STATEMENTTEMPLATE,
    CHANGE_STATEMENTTEMPLATE,
    VIEW_MEDIAINQUIRY,
    ADD_MEDIAINQUIRY,
    CHANGE_MEDIAINQUIRY,
    VIEW_SEVERITYCADENCE,
]
_SEKRETARIS = [
    APPROVE_STATEMENT,
    RELEASE_STATEMENT,
    APPROVE_STATEMENTTEMPLATE,
    RESOLVE_INCIDENT,
    CHANGE_SEVERITYCADENCE,
]

ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _STAF + _SEKRETARIS,
    KEPALA: _STAF + _SEKRETARIS,
    PPID: [],
}
