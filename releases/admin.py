"""Admin: categories and tags are managed here; releases are read-only (every write to a release
goes through releases.services, with its checks and its audit entry). Every change made here
is audited (kernel.adminaudit.AuditedAdmin)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kernel.adminaudit import AuditedAdmin, ReadOnlyAdmin

from .models import Category, Release, ReleaseRevision, Tag
from .presskit.models import PressKit


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "status", "published_at", "author"]
    list_filter = ["status", "category"]
    search_fields = ["title", "number"]
    exclude = ["search_vector"]


@admin.register(ReleaseRevision)
class ReleaseRevisionAdmin(ReadOnlyAdmin):
    list_display = ["release", "number", "created_by", "created_at"]


@admin.register(PressKit)
class PressKitAdmin(ReadOnlyAdmin):
    """For looking into a kit that failed or is slow; kits are requested and rendered only through
    releases.presskit.services. The PDF opens through the staff download view (which checks who
    may see an embargoed kit), never by its storage path."""

    list_display = [
        "release",
        "status",
        "embargoed",
        "requested_at",
        "rendered_at",
        "duration_ms",
        "page_count",
        "size",
    ]
    list_filter = ["status", "embargoed"]
    list_select_related = ["release"]
    search_fields = ["release__title", "release__number", "input_hash"]
    date_hierarchy = "requested_at"
    exclude = ["file"]
    readonly_fields = ["pdf"]

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        if obj.status != PressKit.Status.READY or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("staff_presskit:download_kit", args=[obj.pk]), _("Unduh PDF")
        )
