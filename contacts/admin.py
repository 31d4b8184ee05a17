from django.contrib import admin

from .models import ContactImport, ContactList, ContactListMembership, Journalist, MediaOutlet, Segment


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet_type", "region"]
    list_filter = ["outlet_type"]
    search_fields = ["name", "region"]


class MembershipInline(admin.TabularInline):
    model = ContactListMembership
    extra = 0
    raw_id_fields = ["journalist", "added_by"]


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "outlet", "beat", "region", "do_not_contact", "erased_at"]
    list_filter = ["do_not_contact", "language", "lawful_basis", "outlet__outlet_type"]
    search_fields = ["name", "email", "outlet__name"]
    list_select_related = ["outlet"]
    raw_id_fields = ["outlet"]
    # Opt-out and erasure go through the staff pages (audited services), not through admin edits.
    readonly_fields = ["do_not_contact", "opted_out_at", "erased_at"]


@admin.register(ContactList)
class ContactListAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(ContactListMembership)
class ContactListMembershipAdmin(admin.ModelAdmin):
    list_display = ["contact_list", "journalist", "added_at"]
    list_select_related = ["contact_list", "journalist"]
    raw_id_fields = ["journalist", "added_by"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "beats", "regions", "outlet_types", "languages"]
    search_fields = ["name"]


@admin.register(ContactImport)
class ContactImportAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "status",
        "total_rows",
        "error_count",
        "created_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ContactImport._meta.fields]

    def has_add_permission(self, request):
        return False
