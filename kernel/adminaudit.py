"""The Django admin and the audit log.

Models whose writes belong to a service (releases, contacts, distribution, conferences, crises,
public information, the audit log and notifications) are read-only in the admin: `ReadOnlyAdmin`.
Every admin page that stays writable (users, groups, the organisation profile, categories and
tags, authenticator devices, sign-in lockouts) is an `AuditedAdmin`: each add, change and
delete made there writes an audit entry next to Django's own LogEntry, and the acting user is
known to the user/role signals (kernel/signals.py) while the admin saves."""

from django.contrib import admin

from .actor import acting_as
from .audit import audit_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes go through the app's services (checked, audited); the admin only looks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _changes(message):
    # Django's change message: a list like [{"changed": {"fields": ["Aktif", "Grup"]}}] — field
    # names only, never values (so no password hash ever lands in the log).
    return message if isinstance(message, list) else ([message] if message else [])


class AuditedAdmin(admin.ModelAdmin):
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_record(actor=request.user, action="admin.add", obj=obj, data={"changes": _changes(message)})
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_record(actor=request.user, action="admin.change", obj=obj, data={"changes": _changes(message)})
        return entry

    def log_deletions(self, request, queryset):
        # Called before the deletion, for one object (delete view) or many (the bulk action).
        for obj in queryset:
            audit_record(actor=request.user, action="admin.delete", obj=obj)
        return super().log_deletions(request, queryset)

    def save_model(self, request, obj, form, change):
        with acting_as(request.user):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with acting_as(request.user):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with acting_as(request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with acting_as(request.user):
            super().delete_queryset(request, queryset)

    def response_action(self, request, queryset):
        with acting_as(request.user):
            return super().response_action(request, queryset)


def admin_audit_everything_registered(site=None):
    """Make every ModelAdmin registered so far (Django's users and groups, django-otp's devices,
    django-axes' lockouts) an AuditedAdmin, keeping its own behaviour. The project's apps, whose
    admin modules load after the kernel's, use ReadOnlyAdmin or AuditedAdmin themselves
    (tests/humas/test_admin_audit.py checks that none is left out)."""
    site = site or admin.site
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedAdmin):
            continue
        cls = type(model_admin)
        audited = type(cls.__name__, (AuditedAdmin, cls), {"__module__": cls.__module__})
        site.unregister(model)
        site.register(model, audited)
