"""The home page and the Informasi Publik list show official statements and conferences too, and
they are cached under the releases' public version number. Rather than every service of crises
and conferences remembering to bump it, a save of a statement, an incident (resolving one ends its
statements' "active" place on the home page), a conference or the organisation profile bumps it
after commit. Bulk `.update()` calls do not fire signals; the page TTL (5 minutes) covers them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _bump(**kwargs):
    from releases.services import public_cache_bump

    transaction.on_commit(public_cache_bump)


def connect():
    from conferences.models import Conference, Speaker
    from crises.models import Incident, Statement
    from humas.models import OrganisationProfile

    for model in (Statement, Incident, Conference, Speaker, OrganisationProfile):
        post_save.connect(_bump, sender=model, dispatch_uid=f"publicinfo-bump-{model._meta.label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"publicinfo-bump-del-{model._meta.label}")
