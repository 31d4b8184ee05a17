from django.core.cache import cache

from .models import AuditEntry, OrganisationProfile
from .services import ORG_PROFILE_CACHE_KEY


def organisation_profile_get():
    """The single profile row, cached: it is on every page."""
    profile = cache.get(ORG_PROFILE_CACHE_KEY)
    if profile is None:
        profile, _created = OrganisationProfile.objects.get_or_create(
            pk=OrganisationProfile.SINGLETON_PK, defaults={"name": "Pemerintah Daerah"}
        )
        cache.set(ORG_PROFILE_CACHE_KEY, profile, 600)
    return profile


def audit_entry_list():
    return AuditEntry.objects.select_related("actor", "content_type").order_by("-created_at", "-id")
