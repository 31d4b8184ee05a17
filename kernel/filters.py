import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label=_("Pelaku"), queryset=get_user_model().objects.order_by("username"), empty_label=_("Semua")
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Jenis objek"),
        queryset=ContentType.objects.filter(
            pk__in=AuditEntry.objects.values("content_type").distinct()
        ).order_by("app_label", "model"),
        empty_label=_("Semua"),
    )
    action = django_filters.CharFilter(label=_("Tindakan"), lookup_expr="icontains")
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
        fields = ["actor", "content_type", "action", "date_from", "date_to"]
