"""Public pages of public information: the KIP list, one page per document (and its file), and the
media contact page. Anonymous visitors get the releases' cached pages (same version number)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from kernel.pagecache import cached_public_page, public_render
from releases.views_public import _absolute

from . import selectors
from .models import Category

PER_PAGE = 20


@require_GET
@cached_public_page
def item_list(request):
    category = request.GET.get("kategori") or ""
    category = category if category in Category.values else ""
    years = selectors.public_years()
    try:
        year = int(request.GET.get("tahun") or 0)
    except ValueError:
        year = 0
    year = year if year in years else 0
    raw_q = request.GET.get("q", "")
    q = selectors.clean_query(raw_q)
    items = selectors.public_items(category=category or None, year=year or None, q=q or None)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return public_render(
        request,
        "publicinfo/public/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "categories": Category.choices,
            "current_category": category,
            "years": years,
            "current_year": year,
            "q": q,
            "filtered": bool(category or year or q),
            "canonical_url": _absolute(reverse("publicinfo:list")),
        },
    )


@require_GET
@cached_public_page
def document_detail(request, slug):
    document = selectors.document_public_get(slug)
    return public_render(
        request,
        "publicinfo/public/detail.html",
        {"document": document, "canonical_url": _absolute(document.get_absolute_url())},
    )


@require_GET
def document_download(request, slug):
    document = selectors.document_public_get(slug)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    filename = f"{document.slug}.{document.file_type or 'bin'}"
    response = FileResponse(handle, as_attachment=document.file_type != "pdf", filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
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
            "canonical_url": _absolute(reverse("publicinfo:contact")),
        },
    )
