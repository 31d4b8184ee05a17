"""Reads for press kits: the canonical inputs of a kit and their hash, the kit a release should
have now, and the access helpers the views use (404 for anything the user may not see)."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kernel.sanitize import sanitize_html
from kernel.selectors import organisation_profile_get

from ..permissions import VIEW_RELEASE
from .models import PressKit

# Bump when the kit's template, CSS or rendering options change: every kit then renders anew.
TEMPLATE_VERSION = "presskit-2026.1"
# Whoever may see a release in the staff area may see its kits.
STAFF_PERMISSION = VIEW_RELEASE


def _file_input(field):
    """A stored file as the kit sees it: its name and size (uploads get unique names, so a new
    picture is a new name) and its absolute path for the renderer."""
    if not field or not field.name:
        return None
    try:
        path = Path(field.path).resolve()
        size = path.stat().st_size
    except (OSError, ValueError, NotImplementedError):
        return {"name": field.name, "size": None, "path": None}
    return {"name": field.name, "size": size, "path": str(path)}


def release_online_url(release):
    """The public page of a release, absolute (the QR code and the kit's links point there)."""
    try:
        path = release.get_absolute_url()
    except NoReverseMatch:
        # The public release pages are wired by the releases app; until then the path is known.
        path = f"/siaran-pers/{release.slug}/"
    return f"{settings.HUMAS_SITE_URL}{path}"


def presskit_inputs(release):
    """Everything that shows in the kit, as plain JSON-able data. The hash is taken over this and
    the renderer renders from this, so a kit always matches its hash."""
    org = organisation_profile_get()
    date = release.published_at or release.publish_at
    embargoed = release.is_embargoed
    inputs = {
        "template_version": TEMPLATE_VERSION,
        "release": {
            "id": release.pk,
            "number": release.number or "",
            "title": release.title,
            "summary": release.summary,
            # Rendering never trusts stored HTML: clean it again (cheap, idempotent).
            "body": sanitize_html(release.body),
            "language": release.language or "id",
            "date": date.isoformat() if date else None,
            "embargo_until": release.embargo_until.isoformat() if embargoed else None,
            "url": release_online_url(release),
            "category": release.category.name if release.category_id else "",
            "hero": _file_input(release.hero_image),
            "hero_alt": release.hero_alt,
            "hero_caption": release.hero_caption,
            "hero_credit": release.hero_credit,
        },
        "embargoed": embargoed,
        "quotes": [{"speaker": q.speaker, "role": q.role, "text": q.text} for q in release.quotes.all()],
        "contacts": [
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            for c in release.contacts.all()
        ],
        "photos": [
            {"image": _file_input(p.image), "alt": p.alt, "caption": p.caption, "credit": p.credit}
            for p in release.photos.all()
        ],
        "attachments": [
            {"title": a.title, "content_type": a.content_type, "size": a.size, "name": a.file.name}
            for a in release.attachments.all()
        ],
        "org": {
            "name": org.name,
            "short_name": org.short_name,
            "unit_name": org.unit_name,
            "address": org.address,
            "phone": org.phone,
            "email": org.email,
            "website": org.website,
            "logo": _file_input(org.logo),
        },
    }
    if release.status == "withdrawn":
        # Only a withdrawn release has this key, so the hash (and so the kit) of every other
        # release is what it was before withdrawals reached the kit.
        inputs["withdrawn"] = {
            "at": release.withdrawn_at.isoformat() if release.withdrawn_at else None,
            "reason": release.withdrawn_reason,
        }
    return inputs


def _hashable(value):
    # Absolute paths differ between hosts sharing one media store; names and sizes do not.
    if isinstance(value, dict):
        return {k: _hashable(v) for k, v in value.items() if k != "path"}
    if isinstance(value, list):
        return [_hashable(v) for v in value]
    return value


def presskit_input_hash(inputs):
    canonical = json.dumps(_hashable(inputs), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def presskit_current(release, *, inputs=None):
    """The kit row for the release as it is now (None when never requested)."""
    digest = presskit_input_hash(inputs or presskit_inputs(release))
    return PressKit.objects.filter(release=release, input_hash=digest).first()


def presskit_public_url(release):
    """Absolute URL of the public download, only when the release is public and its current kit
    is ready (mails and the public page show no link otherwise)."""
    if not release.is_public:
        return None
    kit = presskit_current(release)
    if kit is None or kit.status != PressKit.Status.READY:
        return None
    return settings.HUMAS_SITE_URL + reverse("presskit:download", kwargs={"slug": release.slug})


@dataclass
class PressKitStaffStatus:
    state: str  # "none", "pending", "ready", "failed"
    label: str
    error: str
    kit: PressKit | None
    latest_ready: PressKit | None
    page_url: str
    download_url: str | None
    public_url: str | None

    @property
    def is_busy(self):
        return self.state == PressKit.Status.PENDING


STATE_LABELS = {"none": _("Belum dibuat")} | dict(PressKit.Status.choices)


def presskit_staff_status(release):
    """What staff see about the kit of a release: the state of the kit for the current inputs
    (pending, ready, failed with the reason, or none yet) and the newest ready one to download."""
    kit = presskit_current(release)
    state = kit.status if kit else "none"
    if kit is not None and kit.status == PressKit.Status.READY:
        latest_ready = kit
    else:
        latest_ready = (
            PressKit.objects.filter(release=release, status=PressKit.Status.READY)
            .order_by("-rendered_at", "-pk")
            .first()
        )
    public_url = None
    if release.is_public and state == PressKit.Status.READY:
        public_url = settings.HUMAS_SITE_URL + reverse("presskit:download", kwargs={"slug": release.slug})
    return PressKitStaffStatus(
        state=state,
        label=STATE_LABELS[state],
        error=kit.error if kit and kit.status == PressKit.Status.FAILED else "",
        kit=kit,
        latest_ready=latest_ready,
        page_url=reverse("staff_presskit:state", kwargs={"release_pk": release.pk}),
        download_url=reverse("staff_presskit:download", kwargs={"release_pk": release.pk})
        if latest_ready
        else None,
        public_url=public_url,
    )


def presskit_history(release):
    return PressKit.objects.filter(release=release).order_by("-requested_at", "-pk")


# --- access helpers ---------------------------------------------------------------------------
def _release_model():
    from releases.models import Release

    return Release


def presskit_release_for_staff(user, release_pk):
    """Staff holding releases.view_release may see any release's kit, in any state."""
    if not user.is_authenticated or not user.has_perm(STAFF_PERMISSION):
        raise Http404
    return get_object_or_404(_release_model().objects.select_related("category"), pk=release_pk)


def presskit_kit_for_staff(user, kit_pk):
    if not user.is_authenticated or not user.has_perm(STAFF_PERMISSION):
        raise Http404
    return get_object_or_404(PressKit.objects.select_related("release"), pk=kit_pk)


def presskit_release_for_public(slug):
    """The public download exists only while the release is public (embargo, draft, withdrawn
    before publication... all answer 404)."""
    release = _release_model().objects.filter(slug=slug).first()
    if release is None or not release.is_public:
        raise Http404
    return release


def presskit_ready_file(kit):
    """The kit's PDF on disk, or 404 (a row without its file is not something to serve)."""
    if kit is None or kit.status != PressKit.Status.READY or not kit.file:
        raise Http404
    try:
        return kit.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc


def presskit_download_name(release):
    base = (release.number or release.slug).replace("/", "-")
    return f"press-kit-{base}.pdf"
