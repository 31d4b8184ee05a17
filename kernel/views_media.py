"""The one door to uploaded files: `/media/<path>`.

Every request asks the registry (kernel.media) whether the file is public or allowed for this
user; anything else is 404, with nothing cached, so a release that is unpublished or put back
under embargo stops handing out its files at once. Production (HUMAS_MEDIA_ACCEL=1) lets nginx
send the bytes (X-Accel-Redirect to its `internal` /protected/ location); development sends them
from here. The headers are the same either way: the file is never rendered as a page of this
origin (attachment, nosniff, a sandbox policy, a Content-Type from the sniffed bytes).
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from .media import ALLOWED, PUBLIC, detected_extension, media_access, media_headers
from .twofactor import user_requires_2fa


def _resolve(path):
    root = Path(settings.MEDIA_ROOT).resolve()
    if "\x00" in path or path.startswith("/") or "\\" in path:
        raise Http404
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    return target, target.relative_to(root).as_posix()


def _user(request):
    # A staff member who has not entered the second factor yet is, for files, nobody.
    user = request.user
    if user.is_authenticated and user_requires_2fa(user) and not user.is_verified():
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return user


@require_safe
def media_serve(request, path):
    target, name = _resolve(path)
    access = media_access(name, _user(request))
    if access not in (PUBLIC, ALLOWED):
        raise Http404
    with open(target, "rb") as fh:
        extension = detected_extension(fh)
    public = access == PUBLIC
    if settings.HUMAS_MEDIA_ACCEL:
        response = HttpResponse()
        response["X-Accel-Redirect"] = "/protected/" + quote(name)
        media_headers(response, extension=extension, public=public)
        return response
    response = FileResponse(open(target, "rb"))  # noqa: SIM115 (FileResponse closes it)
    return media_headers(response, extension=extension, public=public)
