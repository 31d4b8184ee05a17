from django.contrib import admin

from kernel.adminaudit import ReadOnlyAdmin

from .models import Delivery, Distribution


@admin.register(Distribution)
class DistributionAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through distribution.services (audited, ledger-safe)."""

    list_display = ["subject", "status", "kind", "created_by_repr", "created_at", "scheduled_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["email", "distribution", "status", "skip_reason", "attempts", "sent_at"]
    list_filter = ["status", "skip_reason"]
    search_fields = ["email", "message_id"]
    list_select_related = ["distribution"]
    raw_id_fields = ["distribution", "journalist"]
