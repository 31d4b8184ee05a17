"""Public pages of releases. Only what selectors call public is shown; everything else is 404.

Anonymous visitors get cached pages: the HTML is rendered once per (version, language, URL) with a
placeholder where the CSRF token of the language form goes, and the token is put in per request.
The version number is bumped by the services on publish/withdraw/correct/unpublish."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kernel.links import LinkProblem, link_problem_response
from kernel.pagecache import cached_public_page, public_render
from kernel.siteurl import absolute_url

from . import selectors
from .models import Release

PER_PAGE = 20
S = Release.Status


class CappedPaginator(Paginator):
    """Counts at most LIST_MAX rows: the newest 10,000 releases page through; older ones are
    reached with the month filter (a count over the whole archive on every miss is not needed)."""

    LIST_MAX = 10_000

    @property
    def count(self):
        if not hasattr(self, "_capped_count"):
            self._capped_count = self.object_list.values("pk")[: self.LIST_MAX].count()
        return self._capped_count

    @property
    def capped(self):
        return self.count >= self.LIST_MAX


# --- list --------------------------------------------------------------------------------------
@require_GET
@cached_public_page(params=("kategori", "tag", "bulan", "page"))
def release_list(request):
    category = (request.GET.get("kategori") or "").strip()[:100] or None
    tag = (request.GET.get("tag") or "").strip()[:60] or None
    month_raw = (request.GET.get("bulan") or "").strip()[:7]
    month = selectors.parse_month(month_raw)
    qs = selectors.release_public_list(category=category, tag=tag, month=month).defer(
        "body", "body_text", "search_vector"
    )
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return public_render(
        request,
        "releases/public/list.html",
        {
            "page": page,
            "list_capped": page.paginator.capped,
            "categories": selectors.release_public_categories(),
            "current_category": category,
            "current_tag": tag,
            "current_month": month_raw if month else "",
            "canonical_url": absolute_url(reverse("releases:list")),
        },
    )


# --- detail ------------------------------------------------------------------------------------
# The name of each language in that language, for the switch between versions of a release.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def _language_versions(release):
    return [
        {
            "code": code,
            "label": LANGUAGE_NAMES.get(code, code),
            # Absolute for hreflang (search engines read it out of context), a path for the switch.
            "url": absolute_url(version.get_absolute_url()),
            "path": version.get_absolute_url(),
            "current": version.pk == release.pk,
        }
        for code, version in selectors.release_language_versions(release)
    ]


def render_detail(request, release, *, preview=False, shared=False):
    url = absolute_url(release.get_absolute_url())
    # Prefetched with the page (detail_prefetches): the newest correction dates "Diperbarui".
    corrections = list(release.corrections.all())
    context = {
        "language_versions": _language_versions(release),
        "article_language": "en" if release.language == "en" else get_language(),
        "release": release,
        "canonical_url": url,
        "updated_at": corrections[-1].created_at if corrections else None,
        "modified_at": corrections[-1].created_at if corrections else release.updated_at,
        "preview": preview or shared,
        "noindex": preview or shared,
        "og_image": absolute_url(release.hero_image.url) if release.hero_image else "",
    }
    if preview or shared:
        # Previews are never cached and never indexed.
        response = render(request, "releases/public/detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
    return public_render(request, "releases/public/detail.html", context)


@require_GET
@cached_public_page
def release_detail(request, slug):
    try:
        release = selectors.release_public_get(slug=slug)
    except selectors.ReleaseGone:
        return public_render(request, "releases/public/gone.html", {}, status=410)
    return render_detail(request, release)


@require_GET
def share_preview(request, token):
    try:
        release = selectors.release_get_by_share_token(token)
    except LinkProblem as problem:
        # Expired, tampered with or taken down: a calm page that names nothing, never cached.
        response = link_problem_response(request, problem)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
    return render_detail(request, release, shared=True)
