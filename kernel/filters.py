import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .audit import audit_actions
from .auditdisplay import object_type_label
from .models import AuditEntry


def _action_choices():
    # By label, in the active language: people look for "Siaran pers disetujui", not a code.
    return sorted(((a.code, str(a.label)) for a in audit_actions()), key=lambda choice: choice[1].lower())


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name().strip()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class ObjectTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return object_type_label(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class ObjectTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectTypeChoiceField


def _people(request):
    # Only people who appear in the log (a subquery, not a join over the whole log).
    return (
        get_user_model()
        .objects.filter(pk__in=AuditEntry.objects.values("actor"))
        .order_by("first_name", "last_name", "username")
    )


def _object_types(request):
    return ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type")).order_by(
        "app_label", "model"
    )


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Tindakan"), choices=_action_choices, empty_label=_("Semua"))
    actor = PersonFilter(label=_("Pelaku"), queryset=_people, empty_label=_("Semua"))
    content_type = ObjectTypeFilter(label=_("Jenis objek"), queryset=_object_types, empty_label=_("Semua"))
    date_from = django_filters.DateFilter(
        label=_("Dari tanggal"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "content_type", "date_from", "date_to"]
