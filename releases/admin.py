"""Admin: categories and tags are managed here; releases are read-only (every write to a release
goes through releases.services, with its checks and its audit entry)."""

from django.contrib import admin

from .models import Category, Release, ReleaseRevision, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "status", "published_at", "author"]
    list_filter = ["status", "category"]
    search_fields = ["title", "number"]
    exclude = ["search_vector"]


@admin.register(ReleaseRevision)
class ReleaseRevisionAdmin(ReadOnlyAdmin):
    list_display = ["release", "number", "created_by", "created_at"]
