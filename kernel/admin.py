from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .adminaudit import AuditedAdmin, ReadOnlyAdmin, admin_audit_everything_registered
from .forms import OrganisationProfileForm
from .models import AuditEntry, Notification, OrganisationProfile

admin.site.site_header = _("Administrasi Humas")
admin.site.site_title = _("Humas")

# Django's users and groups, django-otp's devices and django-axes' lockouts were registered before
# this module loads (INSTALLED_APPS order): all of them become audited, keeping their own pages.
admin_audit_everything_registered()


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(AuditedAdmin):
    form = OrganisationProfileForm
    list_display = ["name", "email", "phone"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, as the staff page does: its audit entry and the cache of the
        # profile (shown on every page) are the same whichever door the change came through.
        from .services import organisation_profile_update

        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "logo"}
        logo = form.cleaned_data.get("logo") if "logo" in form.changed_data else None
        if logo is False:  # "clear" ticked
            data["logo"], logo = "", None
        organisation_profile_update(actor=request.user, data=data, logo=logo)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_repr", "action", "object_repr"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """For looking into a staff mail that failed; kernel.notifications sends and retries them."""

    list_display = ["created_at", "kind", "to_address", "subject", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
