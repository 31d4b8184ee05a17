import django_filters
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ContactList, Journalist, MediaOutlet, OutletType

CHOICES_CACHE_KEY = "contacts:filter-choices:{field}:v1"


def filter_choices_forget():
    cache.delete_many([CHOICES_CACHE_KEY.format(field=f) for f in ("beat", "region")])


def _distinct(field):
    """The beats/regions in use, for the filter drop-downs. A DISTINCT over every contact costs
    tens of milliseconds at 50,000 rows, so it is cached (and forgotten on every contact write)."""

    def choices():
        key = CHOICES_CACHE_KEY.format(field=field)
        values = cache.get(key)
        if values is None:
            values = list(
                Journalist.objects.exclude(**{field: ""})
                .filter(erased_at__isnull=True)
                .order_by(field)
                .values_list(field, flat=True)
                .distinct()[:300]
            )
            cache.set(key, values, 600)
        return [(v, v) for v in values]

    return choices


class JournalistFilter(django_filters.FilterSet):
    STATUS_CHOICES = [
        ("active", _("Dapat dihubungi")),
        ("opted_out", _("Jangan dihubungi / berhenti berlangganan")),
        ("erased", _("Data dihapus (PDP)")),
    ]

    q = django_filters.CharFilter(label=_("Cari (nama, e-mail, media)"), method="search")
    beat = django_filters.ChoiceFilter(
        label=_("Desk/liputan"), choices=_distinct("beat"), empty_label=_("Semua")
    )
    region = django_filters.ChoiceFilter(
        label=_("Wilayah"), choices=_distinct("region"), empty_label=_("Semua")
    )
    outlet_type = django_filters.ChoiceFilter(
        label=_("Jenis media"),
        field_name="outlet__outlet_type",
        choices=OutletType.choices,
        empty_label=_("Semua"),
    )
    contact_list = django_filters.ModelChoiceFilter(
        label=_("Daftar"),
        queryset=ContactList.objects.order_by("name"),
        field_name="memberships__contact_list",
        empty_label=_("Semua"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="by_status", empty_label=_("Semua")
    )

    class Meta:
        model = Journalist
        fields = ["q", "beat", "region", "outlet_type", "contact_list", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The outlet match is a sub-select, so each OR branch can use its own trigram index.
        outlets = MediaOutlet.objects.filter(name__icontains=value).values("pk")
        return queryset.filter(
            Q(name__icontains=value) | Q(email__icontains=value) | Q(outlet_id__in=outlets)
        )

    def by_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(do_not_contact=False, erased_at__isnull=True)
        if value == "opted_out":
            return queryset.filter(do_not_contact=True, erased_at__isnull=True)
        if value == "erased":
            return queryset.filter(erased_at__isnull=False)
        return queryset

    def describe(self):
        data = getattr(self.form, "cleaned_data", None) or {}
        return {k: str(v) for k, v in data.items() if v not in (None, "")}
