"""Permission codenames of conferences, and which roles hold them (merged by kernel.roles).

Staf Humas organises (create/edit, RSVP dashboard, check-in, walk-ins); sending anything to
journalists (invitations, cancellation/reschedule notices, follow-ups) needs Sekretaris Pers or
Kepala Humas, as does every distribution."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

VIEW_CONFERENCE = "conferences.view_conference"
ADD_CONFERENCE = "conferences.add_conference"
CHANGE_CONFERENCE = "conferences.change_conference"
DELETE_CONFERENCE = "conferences.delete_conference"
CHECKIN_CONFERENCE = "conferences.checkin_conference"
SEND_CONFERENCE_MAIL = "conferences.send_conference_mail"
VIEW_INVITATION = "conferences.view_invitation"
VIEW_ATTENDANCE = "conferences.view_attendance"
ADD_ATTENDANCE = "conferences.add_attendance"

_STAF = [
    VIEW_CONFERENCE,
    ADD_CONFERENCE,
    CHANGE_CONFERENCE,
    CHECKIN_CONFERENCE,
    VIEW_INVITATION,
    VIEW_ATTENDANCE,
    ADD_ATTENDANCE,
]
_SEKRETARIS = [*_STAF, SEND_CONFERENCE_MAIL]
ROLE_PERMISSIONS = {
    STAF: _STAF,
    SEKRETARIS: _SEKRETARIS,
    KEPALA: [*_SEKRETARIS, DELETE_CONFERENCE],
    PPID: [],
}
