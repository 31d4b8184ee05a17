"""Public pages of public information: one page per document (and its file), and the media
contact page. The Informasi Publik list, which shows other kinds too, is the public site's
(portal.views). Anonymous visitors get cached pages (kernel.pagecache)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from kernel.media import media_headers
from kernel.pagecache import cached_public_page, public_render
from kernel.siteurl import absolute_url

from . import selectors


@require_GET
@cached_public_page
def document_detail(request, slug):
    document = selectors.document_public_get(slug)
    return public_render(
        request,
        "publicinfo/public/detail.html",
        {"document": document, "canonical_url": absolute_url(document.get_absolute_url())},
    )


@require_GET
def document_download(request, slug):
    document = selectors.document_public_get(slug)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    filename = f"{document.slug}.{document.file_type or 'bin'}"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    # An uploaded file, like every other: downloaded, never rendered as a page of this origin
    # (the type from its sniffed bytes, nosniff, the sandbox policy), whatever it contains.
    media_headers(response, extension=document.file_type, public=True)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@cached_public_page
def media_contact(request):
    return public_render(
        request,
        "publicinfo/public/contact.html",
        {
            "spokespersons": list(selectors.spokesperson_public_list()),
            "canonical_url": absolute_url(reverse("publicinfo:contact")),
        },
    )
