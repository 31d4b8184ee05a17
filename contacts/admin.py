"""Read-only: contacts hold personal data, and every write goes through contacts.services (checks,
consent, erasure, audit), never through an admin form."""

from django.contrib import admin

from kernel.adminaudit import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    ContactImport,
    ContactList,
    ContactListMembership,
    Journalist,
    MediaOutlet,
    Segment,
    SuppressedAddress,
)


@admin.register(MediaOutlet)
class MediaOutletAdmin(ReadOnlyAdmin):
    list_display = ["name", "outlet_type", "region"]
    list_filter = ["outlet_type"]
    search_fields = ["name", "region"]


class MembershipInline(ReadOnlyInline):
    model = ContactListMembership
    raw_id_fields = ["journalist", "added_by"]


@admin.register(Journalist)
class JournalistAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "outlet", "beat", "region", "do_not_contact", "erased_at"]
    list_filter = ["do_not_contact", "language", "lawful_basis", "outlet__outlet_type"]
    search_fields = ["name", "email", "outlet__name"]
    list_select_related = ["outlet"]
    raw_id_fields = ["outlet"]


@admin.register(ContactList)
class ContactListAdmin(ReadOnlyAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(ContactListMembership)
class ContactListMembershipAdmin(ReadOnlyAdmin):
    list_display = ["contact_list", "journalist", "added_at"]
    list_select_related = ["contact_list", "journalist"]
    raw_id_fields = ["journalist", "added_by"]


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "beats", "regions", "outlet_types", "languages"]
    search_fields = ["name"]


@admin.register(ContactImport)
class ContactImportAdmin(ReadOnlyAdmin):
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


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(ReadOnlyAdmin):
    """Keyed hashes only: nothing here can be read back into an address."""

    list_display = ["digest", "reason", "created_at", "overridden_at"]
    list_filter = ["reason"]
