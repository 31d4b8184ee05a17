from django.contrib import admin

from .models import PublicDocument, Spokesperson


@admin.register(PublicDocument)
class PublicDocumentAdmin(admin.ModelAdmin):
    # Read-only here: writes go through the services (audit, file checks, cache bump).
    list_display = ["title", "category", "date", "is_published"]
    list_filter = ["category", "is_published"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Spokesperson)
class SpokespersonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "order", "is_active"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
