"""Press-kit downloads and the staff state page. Downloads always go through these views (the
file's path under MEDIA_ROOT is random), which check access first."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kernel.access import permission_required_404, staff_required

from .models import PressKit
from .selectors import (
    STAFF_PERMISSION,
    presskit_current,
    presskit_download_name,
    presskit_history,
    presskit_kit_for_staff,
    presskit_ready_file,
    presskit_release_for_public,
    presskit_release_for_staff,
    presskit_staff_status,
)
from .services import presskit_request


def _pdf_response(kit, release, *, public):
    response = FileResponse(
        presskit_ready_file(kit),
        content_type="application/pdf",
        as_attachment=False,
        filename=presskit_download_name(release),
    )
    # Staff copies may be embargoed or drafts: never cached by anything in between.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@staff_required
@permission_required_404(STAFF_PERMISSION)
@require_GET
def state(request, release_pk):
    release = presskit_release_for_staff(request.user, release_pk)
    status = presskit_staff_status(release)
    return render(
        request,
        "releases/presskit/state.html",
        {"release": release, "presskit": status, "history": presskit_history(release)[:20]},
    )


@staff_required
@permission_required_404(STAFF_PERMISSION)
@require_POST
def render_now(request, release_pk):
    release = presskit_release_for_staff(request.user, release_pk)
    kit = presskit_request(release=release, actor=request.user)
    if kit.status == PressKit.Status.READY:
        messages.info(request, _("Press kit sudah mutakhir; tidak perlu dirender ulang."))
    else:
        messages.success(request, _("Press kit sedang dibuat. Muat ulang halaman ini sebentar lagi."))
    return redirect("staff_presskit:state", release_pk=release.pk)


@staff_required
@permission_required_404(STAFF_PERMISSION)
@require_GET
def download(request, release_pk):
    """The newest ready kit of the release, whatever the release's state."""
    release = presskit_release_for_staff(request.user, release_pk)
    return _pdf_response(presskit_staff_status(release).latest_ready, release, public=False)


@staff_required
@permission_required_404(STAFF_PERMISSION)
@require_GET
def download_kit(request, kit_pk):
    kit = presskit_kit_for_staff(request.user, kit_pk)
    return _pdf_response(kit, kit.release, public=False)


@require_GET
def public_download(request, slug):
    """Public while the release is public (404 otherwise). A public GET never writes: kits are
    rendered on publish, on correction and by the beat sweep, never because a visitor or a
    crawler asked (a crawler walking old slugs would otherwise queue a render per request).
    A kit on its way answers 503 "being prepared"; no kit at all (or a failed one) is a 404."""
    release = presskit_release_for_public(slug)
    kit = presskit_current(release)
    if kit is not None and kit.status == PressKit.Status.READY:
        return _pdf_response(kit, release, public=True)
    pending = kit is not None and kit.status == PressKit.Status.PENDING
    response = render(
        request,
        "releases/presskit/preparing.html",
        {"release": release, "pending": pending},
        status=503 if pending else 404,
    )
    if pending:
        response["Retry-After"] = "15"
    return response
