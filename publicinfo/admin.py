from django.contrib import admin

from kernel.adminaudit import ReadOnlyAdmin

from .models import PublicDocument, Spokesperson


@admin.register(PublicDocument)
class PublicDocumentAdmin(ReadOnlyAdmin):
    # Read-only here: writes go through the services (audit, file checks, cache bump).
    list_display = ["title", "category", "date", "status"]
    list_filter = ["category", "status"]
    search_fields = ["title"]


@admin.register(Spokesperson)
class SpokespersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "position", "order", "is_active"]
