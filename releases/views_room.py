"""The embargo room and the images of mails whose release is not public yet.

Every view here reads a signed link first (releases/links.py) and answers 404 for a tampered or
revoked one, for a file of another release, and for anything the link does not name. The files
are served by these views (private, not cached), never by the public media door: embargoed
files stay 404 there. Once the release is public every room address leads to its public page."""

import zipfile
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from kernel.links import LinkInvalid, LinkProblem, link_problem_response, link_read
from kernel.media import detected_extension, media_headers
from kernel.renditions import rendition_original_name
from kernel.sanitize import sanitize_html
from kernel.siteurl import absolute_url

from . import selectors, services
from .distribution_hooks import embargo_label
from .links import MAIL_IMAGE
from .mailcontent import RENDITION_WIDTH, attachments_for_mail, body_for_mail, hero_for_mail, mail_image
from .models import EmbargoRoomOpening, ReleaseAttachment, ReleasePhoto

W = EmbargoRoomOpening.What
# Mail images are the same link in every copy of a mail: they open renditions for a phone's
# column only, never the high-resolution originals (those are the recipient's own room's).
MAIL_IMAGE_MAX_WIDTH = 600


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _serve_file(name, *, download_name=None):
    """A stored file as kernel.views_media serves it (sniffed type, nosniff, sandbox policy),
    always private; with `download_name` as an attachment of that name."""
    if not name or not default_storage.exists(name):
        raise Http404
    with default_storage.open(name, "rb") as fh:
        extension = detected_extension(fh)
    if settings.HUMAS_MEDIA_ACCEL:
        from urllib.parse import quote

        response = HttpResponse()
        response["X-Accel-Redirect"] = "/protected/" + quote(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"))
    media_headers(response, extension=extension, public=False)
    if download_name:
        from django.utils.http import content_disposition_header

        response["Content-Disposition"] = content_disposition_header(True, download_name)
    return _private(response)


def _room(request, token):
    """(access, None) for a usable room link, else (None, the response to give)."""
    try:
        access = selectors.embargo_room_access(token, request.user)
    except LinkProblem as problem:
        return None, _private(link_problem_response(request, problem))
    if access.release.is_public:
        # The embargo has lifted: the same link now leads to the page everyone may read.
        return None, redirect(access.release.get_absolute_url())
    return access, None


def _not_found(request):
    return _private(link_problem_response(request, LinkInvalid()))


@require_safe
def embargo_room(request, token):
    access, response = _room(request, token)
    if response is not None:
        return response
    release = access.release
    services.embargo_room_opening_record(access=access, what=W.PAGE)
    from .presskit.models import PressKit
    from .presskit.selectors import presskit_current

    kit = presskit_current(release)
    photos = []
    for _arcname, name, photo in selectors.embargo_room_photos(release):
        preview = mail_image(release, name, MAIL_IMAGE_MAX_WIDTH)
        if photo is None:
            href = _room_path("releases:embargo_room_hero", token)
            alt, caption, credit = release.hero_alt, release.hero_caption, release.hero_credit
        else:
            href = _room_path("releases:embargo_room_photo", token, photo_pk=photo.pk)
            alt, caption, credit = photo.alt, photo.caption, photo.credit
        photos.append(
            {
                "preview": preview,
                "href": href,
                "alt": alt or release.title,
                "caption": caption,
                "credit": credit,
            }
        )
    attachments = [
        {**a, "href": _room_path("releases:embargo_room_attachment", token, attachment_pk=pk)}
        for a, pk in zip(
            attachments_for_mail(release, in_room=False),
            [a.pk for a in release.attachments.all()],
            strict=True,
        )
    ]
    hero = hero_for_mail(release)
    body_html = body_for_mail(release, sanitize_html(release.body), fallback_alt=release.title)
    # The room is a page of this site: its own images by path, so the site's policy (img-src
    # 'self') holds whatever host name the journalist reached it on.
    site = settings.HUMAS_SITE_URL
    body_html = body_html.replace(f'src="{site}/', 'src="/')
    if hero:
        hero = {**hero, "url": hero["url"].removeprefix(site)}
    for photo in photos:
        if photo["preview"]:
            photo["preview"] = {**photo["preview"], "url": photo["preview"]["url"].removeprefix(site)}
    response = render(
        request,
        "releases/room/room.html",
        {
            "release": release,
            "embargo": embargo_label(release),
            "hero": hero,
            "body_html": body_html,
            "photos": photos,
            "attachments": attachments,
            "kit_ready": kit is not None and kit.status == PressKit.Status.READY,
            "zip_url": _room_path("releases:embargo_room_zip", token),
            "kit_url": _room_path("releases:embargo_room_kit", token),
            "public_url": absolute_url(release.get_absolute_url()),
            "noindex": True,
        },
    )
    return _private(response)


def _room_path(url_name, token, **kwargs):
    from django.urls import reverse

    return reverse(url_name, kwargs={"token": token, **kwargs})


@require_safe
def embargo_room_photo(request, token, photo_pk):
    access, response = _room(request, token)
    if response is not None:
        return response
    # Only a photo of the link's own release: another release's id is 404.
    photo = ReleasePhoto.objects.filter(pk=photo_pk, release=access.release).first()
    if photo is None:
        return _not_found(request)
    services.embargo_room_opening_record(access=access, what=W.PHOTO, item=photo.caption or photo.alt)
    return _serve_file(photo.image.name)


@require_safe
def embargo_room_hero(request, token):
    access, response = _room(request, token)
    if response is not None:
        return response
    if not access.release.hero_image:
        return _not_found(request)
    services.embargo_room_opening_record(access=access, what=W.PHOTO, item=access.release.hero_alt)
    return _serve_file(access.release.hero_image.name)


@require_safe
def embargo_room_attachment(request, token, attachment_pk):
    access, response = _room(request, token)
    if response is not None:
        return response
    attachment = ReleaseAttachment.objects.filter(pk=attachment_pk, release=access.release).first()
    if attachment is None:
        return _not_found(request)
    services.embargo_room_opening_record(access=access, what=W.ATTACHMENT, item=attachment.title)
    import os

    from django.utils.text import slugify

    ext = os.path.splitext(attachment.file.name)[1]
    return _serve_file(attachment.file.name, download_name=(slugify(attachment.title) or "lampiran") + ext)


@require_safe
def embargo_room_kit(request, token):
    access, response = _room(request, token)
    if response is not None:
        return response
    from .presskit.models import PressKit
    from .presskit.selectors import presskit_current, presskit_download_name

    kit = presskit_current(access.release)
    if kit is None or kit.status != PressKit.Status.READY or not kit.file:
        return _not_found(request)
    services.embargo_room_opening_record(access=access, what=W.KIT)
    return _serve_file(kit.file.name, download_name=presskit_download_name(access.release))


class _ZipSink:
    """What zipfile writes, kept until the stream hands it on (zipfile handles an unseekable
    output by writing data descriptors after each member)."""

    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_stream(members, *, chunk_size=256 * 1024):
    """The bytes of a ZIP of `members` ((name in the archive, storage name)), produced as the
    files are read: a 300 MB set of originals never sits in memory. Stored, not deflated: JPEG
    and PNG do not get smaller."""
    sink = _ZipSink()
    now = datetime.now().timetuple()[:6]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for arcname, name in members:
            info = zipfile.ZipInfo(arcname, date_time=now)
            info.compress_type = zipfile.ZIP_STORED
            with (
                default_storage.open(name, "rb") as source,
                archive.open(info, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(chunk_size):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


@require_safe
def embargo_room_zip(request, token):
    access, response = _room(request, token)
    if response is not None:
        return response
    release = access.release
    members = [
        (arcname, name)
        for arcname, name, _photo in selectors.embargo_room_photos(release)
        if default_storage.exists(name)
    ]
    if not members:
        return _not_found(request)
    services.embargo_room_opening_record(access=access, what=W.ZIP)
    from django.utils.http import content_disposition_header

    base = (release.number or release.slug).replace("/", "-")
    response = StreamingHttpResponse(zip_stream(members), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"foto-{base}.zip")
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@require_safe
def mail_image_view(request, token, name):
    """A rendition shown in a release's mail (or room) before the release is public."""
    try:
        link = link_read(MAIL_IMAGE, token)
    except LinkProblem as problem:
        return _private(link_problem_response(request, problem))
    release = link.obj
    if ".." in name or name.startswith("/") or "\\" in name:
        raise Http404
    width = RENDITION_WIDTH.search(name)
    original = rendition_original_name(name)
    if width is None or original is None or int(width.group(1)) > MAIL_IMAGE_MAX_WIDTH:
        raise Http404
    names = {release.hero_image.name} if release.hero_image else set()
    names |= set(ReleasePhoto.objects.filter(release=release).values_list("image", flat=True))
    if original not in names and (settings.MEDIA_URL + original) not in (release.body or ""):
        raise Http404
    if release.is_public:
        return redirect(absolute_url(default_storage.url(name)))
    return _serve_file(name)
