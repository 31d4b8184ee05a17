"""Read-only JSON API of public releases (the same definition of "public" as the pages)."""

from datetime import UTC, timedelta

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from .models import Release
from .selectors import public_corrections_prefetch, release_public_list


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


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 with the offsets PostgreSQL accepts: Python takes up to ±23:59, PostgreSQL only
    ±15:59 (and a far year plus an offset may leave the calendar), which used to answer 500."""

    default_error_messages = {
        "offset": _("Zona waktu di luar rentang yang didukung (±15:59)."),
        "range": _("Tanggal di luar rentang yang didukung."),
    }

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        offset = parsed.utcoffset()
        if offset is None or abs(offset) >= timedelta(hours=16):
            raise forms.ValidationError(self.error_messages["offset"], code="offset")
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class ReleaseApiFilter(django_filters.FilterSet):
    published_after = BoundedIsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", label=_("Terbit sejak (ISO 8601)")
    )
    published_before = BoundedIsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte", label=_("Terbit sebelum (ISO 8601)")
    )
    date = django_filters.DateFilter(field_name="published_at", lookup_expr="date", label=_("Tanggal terbit"))
    category = django_filters.CharFilter(field_name="category__slug", label=_("Slug kategori"))

    class Meta:
        model = Release
        fields = ["published_after", "published_before", "date", "category"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description=_("Tidak ditemukan (tidak ada, belum terbit, atau halaman di luar jangkauan)."),
)
BAD_REQUEST = OpenApiResponse(
    description=_(
        "Parameter tidak valid: tanggal yang tidak dapat dibaca, zona waktu di luar ±15:59, karakter kendali "
        "(mis. NUL) atau parameter yang terlalu panjang. Isi: {parameter: [pesan]} atau {detail: pesan}."
    )
)


@extend_schema_view(
    get=extend_schema(responses={200: ReleaseListSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND})
)
class ReleaseListApi(generics.ListAPIView):
    serializer_class = ReleaseListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReleaseApiFilter

    def get_queryset(self):
        return release_public_list().defer("body", "body_text", "search_vector").prefetch_related("tags")


@extend_schema_view(
    get=extend_schema(responses={200: ReleaseDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND})
)
class ReleaseDetailApi(generics.RetrieveAPIView):
    serializer_class = ReleaseDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return release_public_list().prefetch_related(
            "tags", "quotes", "contacts", public_corrections_prefetch()
        )
