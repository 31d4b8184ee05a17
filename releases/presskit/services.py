"""Writes for press kits: request a kit (publish hook, "render now", lazy public request) and
render one (the Celery task's body).

Rendering happens outside any transaction (it takes a second and reads files); only the state
changes before and after it are short, locked, audited transactions. A kit is keyed by the hash
of its inputs: requesting an unchanged release finds the ready row and renders nothing."""

import logging
import secrets
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.audit import audit_record

from .fetcher import DEFAULT_DEADLINE_S
from .models import PressKit
from .rendering import presskit_render_inputs
from .selectors import presskit_input_hash, presskit_inputs

logger = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:presskit"
# A pending kit older than this is assumed lost (its task never ran) and is queued again.
STALE_PENDING_AFTER = timedelta(minutes=10)


def _queue_render(kit_id):
    from .tasks import presskit_render_task

    transaction.on_commit(lambda: presskit_render_task.delay(kit_id))


def presskit_request(*, release, actor=None):
    """Make sure a kit for the release as it is now exists or is on its way; returns the row.

    Ready: a cache hit, nothing is queued. Missing: a pending row is created and a render queued
    after commit. Failed (or pending for too long): it is set pending again and re-queued."""
    actor = actor or SYSTEM_ACTOR
    inputs = presskit_inputs(release)
    digest = presskit_input_hash(inputs)
    with transaction.atomic():
        kit, created = PressKit.objects.select_for_update().get_or_create(
            release=release,
            input_hash=digest,
            defaults={"embargoed": inputs["embargoed"], "withdrawn": "withdrawn" in inputs},
        )
        if created:
            audit_record(
                actor=actor,
                action="presskit.request",
                obj=release,
                to_state=PressKit.Status.PENDING,
                data={"presskit": kit.pk, "hash": digest},
            )
            _queue_render(kit.pk)
        elif kit.status == PressKit.Status.FAILED or (
            kit.status == PressKit.Status.PENDING and kit.requested_at < timezone.now() - STALE_PENDING_AFTER
        ):
            from_state = kit.status
            kit.status = PressKit.Status.PENDING
            kit.error = ""
            kit.requested_at = timezone.now()
            kit.save(update_fields=["status", "error", "requested_at"])
            audit_record(
                actor=actor,
                action="presskit.request",
                obj=release,
                from_state=from_state,
                to_state=PressKit.Status.PENDING,
                data={"presskit": kit.pk, "hash": digest, "retry": True},
            )
            _queue_render(kit.pk)
    return kit


def _fail(kit_id, reason):
    with transaction.atomic():
        kit = PressKit.objects.select_for_update().select_related("release").filter(pk=kit_id).first()
        if kit is None or kit.status != PressKit.Status.PENDING:
            return kit
        kit.status = PressKit.Status.FAILED
        kit.error = reason[:2000]
        kit.save(update_fields=["status", "error"])
        audit_record(
            actor=SYSTEM_ACTOR,
            action="presskit.fail",
            obj=kit.release,
            from_state=PressKit.Status.PENDING,
            to_state=PressKit.Status.FAILED,
            data={"presskit": kit.pk, "error": kit.error[:300]},
        )
    return kit


def presskit_render(*, kit_id, deadline_s=DEFAULT_DEADLINE_S):
    """Render one pending kit (called by the Celery task). Idempotent: a kit that is no longer
    pending (rendered by a redelivered twin, or failed) is left alone."""
    kit = PressKit.objects.select_related("release").filter(pk=kit_id).first()
    if kit is None or kit.status != PressKit.Status.PENDING:
        return kit
    release = kit.release
    inputs = presskit_inputs(release)
    if presskit_input_hash(inputs) != kit.input_hash:
        # The release changed between the request and this render: this row's inputs no longer
        # exist, so it can not be rendered truthfully. Close it and ask for the current one.
        _fail(kit.pk, _("Siaran pers berubah sebelum press kit dirender; press kit baru telah diminta."))
        presskit_request(release=release, actor=SYSTEM_ACTOR)
        return PressKit.objects.get(pk=kit.pk)

    started = time.perf_counter()
    try:
        result = presskit_render_inputs(inputs, deadline_s=deadline_s)
    except SoftTimeLimitExceeded:
        return _fail(kit.pk, _("Waktu render habis: press kit terlalu besar atau terlalu lambat dibuat."))
    except Exception as exc:  # any render error becomes the reason staff see; the task stays done
        logger.exception("press kit %s failed to render", kit.pk)
        return _fail(kit.pk, _("Render gagal: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"[:500]})
    duration_ms = int((time.perf_counter() - started) * 1000)
    if result.refused:
        logger.warning("press kit %s: refused resources %s", kit.pk, result.refused)

    # The file is written before the state change and removed again if another render won.
    name = f"{kit.input_hash[:16]}-{secrets.token_urlsafe(16)}.pdf"
    stored = ContentFile(result.pdf, name=name)
    storage_name = kit.file.storage.save(kit.file.field.generate_filename(kit, name), stored)
    with transaction.atomic():
        locked = PressKit.objects.select_for_update().get(pk=kit.pk)
        if locked.status != PressKit.Status.PENDING:
            transaction.on_commit(lambda: locked.file.storage.delete(storage_name))
            return locked
        locked.file.name = storage_name
        locked.status = PressKit.Status.READY
        locked.error = ""
        locked.rendered_at = timezone.now()
        locked.duration_ms = duration_ms
        locked.page_count = result.page_count
        locked.size = len(result.pdf)
        locked.save(
            update_fields=["file", "status", "error", "rendered_at", "duration_ms", "page_count", "size"]
        )
        audit_record(
            actor=SYSTEM_ACTOR,
            action="presskit.ready",
            obj=release,
            from_state=PressKit.Status.PENDING,
            to_state=PressKit.Status.READY,
            data={
                "presskit": locked.pk,
                "pages": result.page_count,
                "duration_ms": duration_ms,
                "refused": [url for url, _reason in result.refused][:20],
            },
        )
    return locked


def presskit_sweep_embargo_lifted(*, within=timedelta(hours=2)):
    """Request the watermark-free kit of releases whose embargo ended recently (the kit made at
    publication carries the EMBARGO watermark and its hash includes that state). Run by beat
    every few minutes; requests are idempotent, so overlapping windows cost nothing."""
    from releases.models import Release

    now = timezone.now()
    due = Release.objects.filter(
        status__in=Release.PUBLIC_STATUSES, embargo_until__gt=now - within, embargo_until__lte=now
    ).prefetch_related("quotes", "contacts", "photos", "attachments")
    kits = [presskit_request(release=release, actor=SYSTEM_ACTOR) for release in due if release.is_public]
    return kits
