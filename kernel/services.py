"""Cross-cutting writes of the kernel: the organisation profile and the cache."""

from django.core.cache import cache
from django.db import transaction

from .audit import audit_record
from .models import OrganisationProfile

# v2: the cached row is a pickled model, and the model moved from the humas app to the kernel; a
# v1 entry left in Redis by the previous release would not unpickle (every page would fail).
ORG_PROFILE_CACHE_KEY = "humas:org-profile:v2"


def organisation_profile_update(*, actor, data, logo=None):
    """Change the organisation profile; `data` holds already-validated field values."""
    with transaction.atomic():
        profile = OrganisationProfile.objects.select_for_update().get(pk=OrganisationProfile.SINGLETON_PK)
        changed = {}
        for field, value in data.items():
            old = getattr(profile, field)
            if old != value:
                changed[field] = {"from": old, "to": value}
                setattr(profile, field, value)
        if logo is not None:
            profile.logo = logo
            changed["logo"] = {"to": getattr(logo, "name", "")}
        if changed:
            profile.full_clean()
            profile.save()
            audit_record(actor=actor, action="organisation_profile.update", obj=profile, data=changed)
        transaction.on_commit(lambda: cache.delete(ORG_PROFILE_CACHE_KEY))
    return profile


def cache_clear_own_keys():
    """Forget everything this site cached. Never `cache.clear()`: the cache shares its Redis
    database with the Celery broker, and FLUSHDB would drop queued tasks (a press-kit render,
    a batch of mail) with it."""
    from django.conf import settings

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])
    return len(keys)
