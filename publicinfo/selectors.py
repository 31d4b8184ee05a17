"""Reads of public information. The Informasi Publik list joins what the system already holds with
the documents the PPID uploads. How system items map onto the KIP categories (UU 14/2008):

- press releases -> "berkala": information the office publishes regularly about its activities;
- official statements of an incident -> "serta-merta": information about a threat to the public
  that must be announced at once (pasal 10);
- records of press conferences held -> "berkala";
- "setiap saat" (pasal 11: policies, decisions, agreements...) comes from uploaded documents only.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.http import Http404
from django.utils import timezone

from conferences.models import Conference
from crises.selectors import statements_public
from releases.selectors import release_public_list

from . import permissions as perms
from .models import Category, PublicDocument, Spokesperson

# Each source contributes at most this many newest matches to one list request: the list is a
# front door (filters narrow it); the full archives live on each source's own page.
SOURCE_LIMIT = 300
MAX_QUERY = 100


@dataclass(frozen=True)
class Item:
    kind: str  # "document", "release", "statement", "conference"
    title: str
    url: str
    category: str
    date: date
    summary: str = ""
    file_type: str = ""

    @property
    def category_label(self):
        return Category(self.category).label


def _local_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def document_public_list():
    return PublicDocument.objects.filter(status=PublicDocument.Status.PUBLISHED).order_by("-date", "-id")


def document_public_get(slug):
    try:
        return document_public_list().get(slug=slug)
    except PublicDocument.DoesNotExist:
        raise Http404 from None


def document_staff_list(*, q=None, category=None):
    qs = PublicDocument.objects.select_related("created_by").order_by("-date", "-id")
    if q:
        qs = qs.filter(title__icontains=q)
    if category in Category.values:
        qs = qs.filter(category=category)
    return qs


def document_get_for_user(user, pk):
    if not user.has_perm(perms.VIEW_DOCUMENT):
        raise Http404
    try:
        return PublicDocument.objects.get(pk=pk)
    except (PublicDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def spokesperson_public_list():
    return Spokesperson.objects.filter(is_active=True).order_by("order", "name")


def spokesperson_get_for_user(user, pk):
    if not user.has_perm(perms.VIEW_SPOKESPERSON):
        raise Http404
    try:
        return Spokesperson.objects.get(pk=pk)
    except (Spokesperson.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY]


def public_items(*, category=None, year=None, q=None):
    """Newest first, each source capped at SOURCE_LIMIT; one query per source."""
    items = []
    if category in (None, Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT):
        docs = document_public_list()
        if category:
            docs = docs.filter(category=category)
        if year:
            docs = docs.filter(date__year=year)
        if q:
            docs = docs.filter(title__icontains=q) | docs.filter(description__icontains=q)
        for d in docs.only("title", "slug", "category", "date", "description", "file_type")[:SOURCE_LIMIT]:
            items.append(
                Item(
                    "document", d.title, d.get_absolute_url(), d.category, d.date, d.description, d.file_type
                )
            )
    if category in (None, Category.BERKALA):
        releases = release_public_list()
        if year:
            releases = releases.filter(published_at__year=year)
        if q:
            releases = releases.filter(title__icontains=q) | releases.filter(summary__icontains=q)
        for r in releases.select_related(None).only("title", "slug", "summary", "published_at")[
            :SOURCE_LIMIT
        ]:
            items.append(
                Item(
                    "release",
                    r.title,
                    r.get_absolute_url(),
                    Category.BERKALA,
                    _local_date(r.published_at),
                    r.summary,
                )
            )
        conferences = Conference.objects.filter(
            is_public=True, status=Conference.Status.HELD, starts_at__lte=timezone.now()
        ).order_by("-starts_at")
        if year:
            conferences = conferences.filter(starts_at__year=year)
        if q:
            conferences = conferences.filter(title__icontains=q)
        for c in conferences.only("title", "slug", "starts_at", "venue_name")[:SOURCE_LIMIT]:
            items.append(
                Item(
                    "conference",
                    c.title,
                    c.get_absolute_url(),
                    Category.BERKALA,
                    _local_date(c.starts_at),
                    c.venue_name,
                )
            )
    if category in (None, Category.SERTA_MERTA):
        statements = statements_public().select_related(None)
        if year:
            statements = statements.filter(published_at__year=year)
        if q:
            statements = statements.filter(title__icontains=q)
        for s in statements.only("title", "slug", "published_at")[:SOURCE_LIMIT]:
            items.append(
                Item(
                    "statement",
                    s.title,
                    s.get_absolute_url(),
                    Category.SERTA_MERTA,
                    _local_date(s.published_at),
                )
            )
    items.sort(key=lambda i: (i.date, i.title), reverse=True)
    return items


def public_years():
    this_year = timezone.localdate().year
    first = (
        PublicDocument.objects.filter(status=PublicDocument.Status.PUBLISHED)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    start = min(first.year if first else this_year, this_year - 4)
    return list(range(this_year, start - 1, -1))
