from django.contrib import admin

from kernel.adminaudit import ReadOnlyAdmin

from .models import Incident, MediaInquiry, SeverityCadence, Statement, StatementTemplate, TimelineEntry


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["title", "severity", "status", "kind", "owner", "next_update_due_at"]
    list_filter = ["status", "severity", "kind"]
    search_fields = ["title"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdmin):
    list_display = ["incident", "kind", "is_public", "author", "occurred_at"]
    list_filter = ["kind", "is_public"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["title", "incident", "status", "is_public", "published_at"]
    list_filter = ["status"]


@admin.register(StatementTemplate)
class StatementTemplateAdmin(ReadOnlyAdmin):
    list_display = ["title", "scenario", "status", "review_date"]


@admin.register(MediaInquiry)
class MediaInquiryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "channel", "status", "deadline", "assignee"]
    list_filter = ["status", "channel"]


@admin.register(SeverityCadence)
class SeverityCadenceAdmin(ReadOnlyAdmin):
    list_display = ["severity", "minutes"]
