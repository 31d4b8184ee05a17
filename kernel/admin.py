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


# --- users and roles -------------------------------------------------------------------------
# The admin gives no privileges directly: no superuser or staff switch, no single permissions,
# no group box. Roles change only through RoleGrant (kernel/rolegrants.py), where the high roles
# need a second Kepala Humas.
from django.contrib import messages  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin  # noqa: E402
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from .models import RoleGrant  # noqa: E402
from .refusal import Refusal  # noqa: E402

User = get_user_model()
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class HumasUserAdmin(AuditedAdmin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data pribadi"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status dan peran"), {"fields": ("is_active", "roles_display", "is_staff", "is_superuser")}),
        (_("Waktu penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("roles_display", "is_staff", "is_superuser", "last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "email", "roles_display", "is_active")
    list_filter = ("is_active", "groups")
    filter_horizontal = ()
    # Even a hand-made POST can not set what the form does not have.
    exclude = PRIVILEGE_FIELDS
    actions = ["issue_enrolment_link"]

    @admin.display(description=_("Peran"))
    def roles_display(self, obj):
        return ", ".join(obj.groups.order_by("name").values_list("name", flat=True)) or "—"

    @admin.action(description=_("Buat tautan pendaftaran autentikator (72 jam, sekali pakai)"))
    def issue_enrolment_link(self, request, queryset):
        from .enrolment import totp_enrolment_link_issue

        for user in queryset:
            try:
                url = totp_enrolment_link_issue(actor=request.user, user=user)
            except Refusal as exc:
                self.message_user(request, f"{user.get_username()}: {exc.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("Tautan untuk %(user)s (berikan hanya kepada orangnya): %(url)s")
                % {"user": user.get_username(), "url": url},
                messages.SUCCESS,
            )


class RolesReadOnlyGroupAdmin(ReadOnlyAdmin, DjangoGroupAdmin):
    """Roles and their permissions are declared in code (kernel/roles.py) and synced after
    every migrate; nobody edits them by hand."""


for _model in (User, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(User, HumasUserAdmin)
admin.site.register(Group, RolesReadOnlyGroupAdmin)


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["created_at", "user", "action", "role", "status", "requested_by", "decided_by"]
    list_filter = ["status", "role", "action"]
    fields = ["user", "action", "role", "reason"]
    actions = ["approve", "reject"]
    list_select_related = ["user", "requested_by", "decided_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        from django import forms

        from .roles import ROLES

        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["role"] = forms.ChoiceField(label=_("Peran"), choices=[(r, r) for r in ROLES])
        return form

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in RoleGrant._meta.fields] if obj is not None else []

    def get_fields(self, request, obj=None):
        return [f.name for f in RoleGrant._meta.fields if f.name != "id"] if obj is not None else self.fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        from .permissions import APPROVE_ROLE_GRANT

        return request.user.has_perm(APPROVE_ROLE_GRANT)

    def save_model(self, request, obj, form, change):
        # Through the service: the rule (direct or by a second Kepala) and its audit entries.
        from .rolegrants import role_grant_request

        grant = role_grant_request(
            actor=request.user,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            action=form.cleaned_data["action"],
            reason=form.cleaned_data.get("reason", ""),
        )
        obj.pk = grant.pk
        obj.status = grant.status

    def save_form(self, request, form, change):
        return form.save(commit=False)

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except Refusal as exc:
            self.message_user(request, exc.message, messages.ERROR)
            from django.shortcuts import redirect

            return redirect(request.get_full_path())

    def _decide(self, request, queryset, service, done):
        for grant in queryset:
            try:
                service(actor=request.user, grant=grant)
            except Refusal as exc:
                self.message_user(request, f"{grant}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{grant}: {done}", messages.SUCCESS)

    @admin.action(description=_("Setujui permintaan terpilih"), permissions=["approve"])
    def approve(self, request, queryset):
        from .rolegrants import role_grant_approve

        self._decide(request, queryset, role_grant_approve, _("disetujui"))

    @admin.action(description=_("Tolak permintaan terpilih"), permissions=["approve"])
    def reject(self, request, queryset):
        from .rolegrants import role_grant_reject

        self._decide(request, queryset, role_grant_reject, _("ditolak"))
