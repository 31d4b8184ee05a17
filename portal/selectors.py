"""Reads of the public site across kinds. The Informasi Publik list joins what the system already
holds with the documents the PPID uploads; each source is read through its own app's public
selector, so what is public (embargo, approval, "is public") is decided in one place per kind.
How system items map onto the KIP categories (UU 14/2008):

- press releases -> "berkala": information the office publishes regularly about its activities;
- official statements of an incident -> "serta-merta": information about a threat to the public
  that must be announced at once (pasal 10);
- records of press conferences held -> "berkala";
- "setiap saat" (pasal 11: policies, decisions, agreements...) comes from uploaded documents only.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from conferences.selectors import conference_list_public_held
from crises.selectors import statements_public
from publicinfo.models import Category
from publicinfo.selectors import document_public_list
from releases.selectors import release_public_list

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


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY]


def _documents(*, category, year, q):
    docs = document_public_list()
    if category:
        docs = docs.filter(category=category)
    if year:
        docs = docs.filter(date__year=year)
    if q:
        docs = docs.filter(title__icontains=q) | docs.filter(description__icontains=q)
    for d in docs.only("title", "slug", "category", "date", "description", "file_type")[:SOURCE_LIMIT]:
        yield Item("document", d.title, d.get_absolute_url(), d.category, d.date, d.description, d.file_type)


def _releases(*, year, q):
    releases = release_public_list()
    if year:
        releases = releases.filter(published_at__year=year)
    if q:
        releases = releases.filter(title__icontains=q) | releases.filter(summary__icontains=q)
    for r in releases.select_related(None).only("title", "slug", "summary", "published_at")[:SOURCE_LIMIT]:
        yield Item(
            "release", r.title, r.get_absolute_url(), Category.BERKALA, _local_date(r.published_at), r.summary
        )


def _conferences(*, year, q):
    conferences = conference_list_public_held()
    if year:
        conferences = conferences.filter(starts_at__year=year)
    if q:
        conferences = conferences.filter(title__icontains=q)
    for c in conferences.only("title", "slug", "starts_at", "venue_name")[:SOURCE_LIMIT]:
        yield Item(
            "conference",
            c.title,
            c.get_absolute_url(),
            Category.BERKALA,
            _local_date(c.starts_at),
            c.venue_name,
        )


def _statements(*, year, q):
    statements = statements_public().select_related(None)
    if year:
        statements = statements.filter(published_at__year=year)
    if q:
        statements = statements.filter(title__icontains=q)
    for s in statements.only("title", "slug", "published_at")[:SOURCE_LIMIT]:
        yield Item(
            "statement", s.title, s.get_absolute_url(), Category.SERTA_MERTA, _local_date(s.published_at)
        )


def public_items(*, category=None, year=None, q=None):
    """Newest first, each source capped at SOURCE_LIMIT; one query per source."""
    items = []
    if category in (None, Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT):
        items.extend(_documents(category=category, year=year, q=q))
    if category in (None, Category.BERKALA):
        items.extend(_releases(year=year, q=q))
        items.extend(_conferences(year=year, q=q))
    if category in (None, Category.SERTA_MERTA):
        items.extend(_statements(year=year, q=q))
    items.sort(key=lambda i: (i.date, i.title), reverse=True)
    return items


def public_years():
    this_year = timezone.localdate().year
    first = document_public_list().order_by("date").values_list("date", flat=True).first()
    start = min(first.year if first else this_year, this_year - 4)
    return list(range(this_year, start - 1, -1))
