"""Which permissions each role holds for conferences ("app_label.codename"); merged by kernel.roles.

Staf Humas organises (create/edit, RSVP dashboard, check-in, walk-ins); sending anything to
journalists (invitations, cancellation/reschedule notices, follow-ups) needs Sekretaris Pers or
Kepala Humas, as does every distribution."""

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF  # noqa: F401

ROLE_PERMISSIONS = {
    STAF: [
        "conferences.view_conference",
        "conferences.add_conference",
        "conferences.change_conference",
        "conferences.checkin_conference",
        "conferences.view_invitation",
        "conferences.view_attendance",
        "conferences.add_attendance",
    ],
    SEKRETARIS: [
        "conferences.view_conference",
        "conferences.add_conference",
        "conferences.change_conference",
        "conferences.checkin_conference",
        "conferences.view_invitation",
        "conferences.view_attendance",
        "conferences.add_attendance",
        "conferences.send_conference_mail",
    ],
    KEPALA: [
        "conferences.view_conference",
        "conferences.add_conference",
        "conferences.change_conference",
        "conferences.checkin_conference",
        "conferences.view_invitation",
        "conferences.view_attendance",
        "conferences.add_attendance",
        "conferences.send_conference_mail",
        "conferences.delete_conference",
    ],
    PPID: [],
}
