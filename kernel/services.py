"""Cross-cutting writes: the audit log and the organisation profile."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from .models import AuditEntry, OrganisationProfile

ORG_PROFILE_CACHE_KEY = "humas:org-profile:v1"


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def audit_record(*, actor, action, obj=None, from_state=None, to_state=None, data=None):
    """Write one audit entry. Call it inside the service's transaction, so the entry exists
    exactly when the change it describes does."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    if actor_obj is not None:
        actor_repr = actor_obj.get_username()
    elif isinstance(actor, str):
        actor_repr = actor  # e.g. "system:beat" or "public:unsubscribe"
    else:
        actor_repr = "anonim"
    content_type = None
    object_id = ""
    object_repr = ""
    if obj is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        object_id = str(obj.pk)
        object_repr = str(obj)[:300]
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_repr=actor_repr[:200],
        action=action,
        content_type=content_type,
        object_id=object_id,
        object_repr=object_repr,
        from_state=str(from_state or "")[:40],
        to_state=str(to_state or "")[:40],
        data=_jsonable(data or {}),
    )


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
