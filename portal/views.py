"""Public pages that show several kinds at once: the home page, the Informasi Publik list, robots.txt
and the sitemap. Anonymous visitors get cached pages (kernel.pagecache); the version number is
bumped by the services of each kind and by portal.signals."""

from functools import wraps

from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from conferences.selectors import conference_list_public_upcoming
from crises.selectors import statements_public_active
from kernel.pagecache import PAGE_TTL, cached_public_page, public_cache_version, public_render
from kernel.siteurl import absolute_url
from publicinfo.models import Category
from publicinfo.selectors import document_public_list
from releases.selectors import clean_search_query, release_public_list

from . import search as public_search
from . import selectors
from .sitemaps import SITEMAPS

INFORMATION_PER_PAGE = 20
SEARCH_PER_PAGE = 10


@require_safe
@cached_public_page
def home(request):
    # One query per section (no prefetches): the home page stays within its budget of 8 queries.
    statements = list(
        statements_public_active().select_related(None).only("title", "slug", "published_at")[:5]
    )
    latest = list(release_public_list().defer("body", "body_text", "search_vector")[:6])
    conferences = list(
        conference_list_public_upcoming()
        .prefetch_related(None)
        .only("title", "slug", "starts_at", "ends_at", "venue_name", "status")[:4]
    )
    documents = list(document_public_list().only("title", "slug", "category", "date", "file_type")[:4])
    return public_render(
        request,
        "public/home.html",
        {
            "active_statements": statements,
            "latest_releases": latest,
            "upcoming_conferences": conferences,
            "latest_documents": documents,
        },
    )


@require_GET
@cached_public_page(params=("kategori", "tahun", "q", "page"))
def information_list(request):
    """Informasi Publik: documents, releases, statements and conferences held, by KIP category."""
    category = request.GET.get("kategori") or ""
    category = category if category in Category.values else ""
    years = selectors.public_years()
    try:
        year = int(request.GET.get("tahun") or 0)
    except ValueError:
        year = 0
    year = year if year in years else 0
    q = selectors.clean_query(request.GET.get("q", ""))
    items = selectors.public_items(category=category or None, year=year or None, q=q or None)
    page = Paginator(items, INFORMATION_PER_PAGE).get_page(request.GET.get("page"))
    return public_render(
        request,
        "public/information_list.html",
        {
            "page": page,
            "categories": Category.choices,
            "current_category": category,
            "years": years,
            "current_year": year,
            "q": q,
            "filtered": bool(category or year or q),
            "canonical_url": absolute_url(reverse("public:information")),
        },
    )


def _noindex(view):
    # Outside the page cache: a cached copy is served without the view's own headers.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


@require_GET
@_noindex
@cached_public_page(params=("q", "jenis", "page"))
def search(request):
    """One search across releases, official statements, documents and conferences (/cari/, the
    address the releases' search had), at most six queries (portal.search). Cached for anonymous
    visitors like every public page (under the public version: a publish shows at once): during
    a crisis thousands ask for the same word; the key holds only q, jenis and page."""
    raw = request.GET.get("q", "")
    q = clean_search_query(raw)
    kind = request.GET.get("jenis") or ""
    kind = kind if kind in public_search.KINDS else ""
    page = None
    counts = {}
    total = 0
    suggestion = ""
    if q:
        hits = public_search.search_hits(q)
        for hit in hits:
            counts[hit.kind] = counts.get(hit.kind, 0) + 1
        total = len(hits)
        if kind:
            hits = [h for h in hits if h.kind == kind]
        page = Paginator(hits, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = public_search.search_results(q, list(page.object_list))
        if total < public_search.SUGGEST_BELOW:
            suggestion = public_search.did_you_mean(q)
    kinds = [(k, counts.get(code, 0)) for code, k in public_search.KINDS.items()]
    return public_render(
        request,
        "public/search.html",
        {
            "q": q,
            "raw_q": raw[:200],
            "page": page,
            "kind": kind,
            "kinds": kinds,
            "total": total,
            "suggestion": suggestion,
            "max_results": public_search.CANDIDATES_PER_KIND,
            # "the newest N" when a kind gave all it offers (more exist, older ones).
            "capped": any(
                n >= public_search.CANDIDATES_PER_KIND
                for code, n in counts.items()
                if code == kind or not kind
            ),
            "noindex": True,
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /staf/",
        "Disallow: /akun/",
        "Disallow: /admin/",
        "Disallow: /pratinjau/",
        "Disallow: /cari/",
        f"Sitemap: {absolute_url(reverse('public:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _xml(body):
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _cached_xml(key, build):
    # Under the public version number: a publish, withdrawal or new statement orphans the copy.
    key = f"public:sitemap:{public_cache_version()}:{key}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, PAGE_TTL)
    return _xml(body)


@require_GET
def sitemap_index(request):
    def build():
        sitemaps = []
        for section, sitemap_class in SITEMAPS.items():
            for page in range(1, sitemap_class().paginator.num_pages + 1):
                path = reverse("public:sitemap_page", kwargs={"section": section, "page": page})
                sitemaps.append({"location": absolute_url(path)})
        return render_to_string("sitemap_index.xml", {"sitemaps": sitemaps})

    return _cached_xml("index", build)


@require_GET
def sitemap_page(request, section, page):
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404

    def build():
        try:
            urls = sitemap_class().get_urls(page=page)
        except EmptyPage:
            raise Http404 from None
        return render_to_string("sitemap.xml", {"urlset": urls})

    return _cached_xml(f"{section}:{page}", build)
