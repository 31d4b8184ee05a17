from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import OrganisationProfileForm
from .models import AuditEntry, OrganisationProfile

admin.site.site_header = _("Administrasi Humas")
admin.site.site_title = _("Humas")


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    form = OrganisationProfileForm
    list_display = ["name", "email", "phone"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_repr", "action", "object_repr"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
