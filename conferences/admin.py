from django.contrib import admin

from kernel.adminaudit import ReadOnlyAdmin, ReadOnlyInline

from .models import Attendance, Conference, Invitation, Speaker


class SpeakerInline(ReadOnlyInline):
    model = Speaker


# Read-only: conferences, invitations and check-ins change through conferences.services (audited).
@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "starts_at", "status", "is_public")
    list_filter = ("status", "is_public")
    search_fields = ("title", "venue_name")
    inlines = [SpeakerInline]
    readonly_fields = ("reminder_sent_at", "followup_attended_sent_at", "followup_absent_sent_at", "sequence")
    raw_id_fields = ("release", "created_by")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("conference", "journalist", "answer", "answered_at")
    list_filter = ("answer",)
    raw_id_fields = ("conference", "journalist")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("conference", "name", "outlet", "is_walk_in", "checked_in_at")
    raw_id_fields = ("conference", "journalist", "checked_in_by")
