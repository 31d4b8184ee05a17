"""The home page and the Informasi Publik list show official statements and conferences too, and
they are cached under the one public version number (kernel.pagecache). These pages are the
public site's, so the public site listens: rather than every service of crises and conferences
remembering to bump it (and knowing which public pages show its rows), a save of a statement, a
conference or the organisation profile bumps it after commit. Of an incident the public pages
show only whether it is resolved (resolving one ends its statements' "active" place on the home
page), and incidents are saved often during a crisis (cadence, severity, reminders): only a
change of its status bumps. Bulk `.update()` calls do not fire signals; the page TTL (5
minutes) covers them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save


def _bump(**kwargs):
    from kernel.pagecache import public_cache_bump

    transaction.on_commit(public_cache_bump)


def _incident_loaded(sender, instance, **kwargs):
    # From __dict__: reading a deferred field here would cost a query per loaded row.
    instance._public_status = instance.__dict__.get("status")


def _incident_saved(sender, instance, created, update_fields=None, **kwargs):
    changed = not created and (update_fields is None or "status" in update_fields)
    if changed and instance._public_status != instance.status:
        _bump()
    instance._public_status = instance.status


def connect():
    from conferences.models import Conference, Speaker
    from crises.models import Incident, Statement
    from kernel.models import OrganisationProfile

    for model in (Statement, Conference, Speaker, OrganisationProfile):
        post_save.connect(_bump, sender=model, dispatch_uid=f"portal-bump-{model._meta.label}")
    for model in (Statement, Incident, Conference, Speaker, OrganisationProfile):
        post_delete.connect(_bump, sender=model, dispatch_uid=f"portal-bump-del-{model._meta.label}")
    post_init.connect(_incident_loaded, sender=Incident, dispatch_uid="portal-incident-loaded")
    post_save.connect(_incident_saved, sender=Incident, dispatch_uid="portal-incident-saved")
