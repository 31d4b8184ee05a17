"""Read-only JSON API of public releases (the same definition of "public" as the pages)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, serializers

from .models import Release
from .selectors import release_public_list


class ReleaseListSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)

    class Meta:
        model = Release
        fields = [
            "number",
            "slug",
            "title",
            "summary",
            "published_at",
            "updated_at",
            "language",
            "category",
            "tags",
            "url",
        ]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class QuoteSerializer(serializers.Serializer):
    speaker = serializers.CharField()
    role = serializers.CharField()
    text = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class CorrectionSerializer(serializers.Serializer):
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReleaseDetailSerializer(ReleaseListSerializer):
    quotes = QuoteSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(ReleaseListSerializer.Meta):
        fields = ReleaseListSerializer.Meta.fields + [
            "body",
            "embargo_until",
            "quotes",
            "contacts",
            "corrections",
        ]


class ReleaseApiFilter(django_filters.FilterSet):
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", label=_("Terbit sejak (ISO 8601)")
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte", label=_("Terbit sebelum (ISO 8601)")
    )
    date = django_filters.DateFilter(field_name="published_at", lookup_expr="date", label=_("Tanggal terbit"))
    category = django_filters.CharFilter(field_name="category__slug", label=_("Slug kategori"))

    class Meta:
        model = Release
        fields = ["published_after", "published_before", "date", "category"]


class ReleaseListApi(generics.ListAPIView):
    serializer_class = ReleaseListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReleaseApiFilter

    def get_queryset(self):
        return release_public_list().defer("body", "body_text", "search_vector").prefetch_related("tags")


class ReleaseDetailApi(generics.RetrieveAPIView):
    serializer_class = ReleaseDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return release_public_list().prefetch_related("tags", "quotes", "contacts", "corrections")
