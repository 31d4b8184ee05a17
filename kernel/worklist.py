""" "Pekerjaan saya": what waits for this user, gathered from every app without the kernel naming
one. Each app registers its sections in `<app>/work.py` (imported at start-up, like navigation),
naming its own permission and its own queryset; the kernel only counts, lists and caches.

    work_register(
        "releases.review",
        label=_("Siaran pers menunggu persetujuan saya"),
        group=APPROVAL,
        order=10,
        url_name="staff_releases:review_queue",
        permission=perms.APPROVE_RELEASE,
        queryset=lambda user: release_review_queue(user=user),
        item=lambda release: WorkItem(release.title, staff_url(release), note=...),
        nav="staff_releases:review_queue",
    )

A section gives either `queryset(user)` (rows the user may act on, already filtered by the app's
own rules, e.g. the second pair of eyes) plus `item(row)`, or `count_and_items(user, limit)` for
what is no single queryset. Sections with `badge=True` add their count to the menu entry named
by `nav` (and to the dashboard's own entry).

Every staff page draws the menu, so the menu's counts are cached per user for BADGE_TTL seconds
and computed, on a miss, in one SQL statement (a COUNT per section as scalar subqueries). Any
audited change (every workflow move, every send started or finished writes an audit entry) bumps
a generation number, which makes every user's cached counts stale at once.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import user_has_role, user_is_staff_member

BADGE_TTL = 30  # seconds a user's menu counts may lag behind a change nobody audited
GENERATION_KEY = "worklist:generation"
ITEMS_LIMIT = 5
DASHBOARD = "staff:dashboard"  # the menu entry of "Pekerjaan saya": its badge is the total

# The dashboard's headings, in this order; a section names one of them.
APPROVAL = "approval"
RETURNED = "returned"
SCHEDULE = "schedule"
ATTENTION = "attention"
GROUPS = {
    APPROVAL: _("Menunggu persetujuan saya"),
    RETURNED: _("Dikembalikan kepada saya dengan catatan"),
    ATTENTION: _("Perlu perhatian"),
    SCHEDULE: _("Terjadwal dan embargo"),
}
GROUP_ORDER = (APPROVAL, RETURNED, ATTENTION, SCHEDULE)

_SECTIONS = {}


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    note: str = ""  # one short line: who, the reviewer's note, the incident
    when: datetime | None = None  # the time that matters (due, embargo end, publication)
    when_label: str = ""
    overdue: bool = False  # marked in red; "terlambat" unless `flag` says otherwise
    flag: str = ""  # the red word, e.g. "gagal" for a send with failed recipients


@dataclass(frozen=True)
class WorkSection:
    key: str
    label: object
    order: int
    url_name: str
    group: str = ATTENTION
    permission: str | None = None
    roles: tuple | None = None
    queryset: object = None  # callable(user) -> QuerySet
    item: object = None  # callable(row) -> WorkItem
    count_and_items: object = None  # callable(user, limit) -> (count, [WorkItem])
    nav: str | None = None  # the menu entry whose badge this count joins
    badge: bool = True
    empty: object = field(default_factory=lambda: _("Tidak ada."))

    def visible_to(self, user, held):
        if self.permission and not (user.is_superuser or self.permission in held):
            return False
        return not (self.roles and not user_has_role(user, *self.roles))

    def url(self):
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


def work_register(
    key,
    *,
    label,
    order,
    url_name,
    group=ATTENTION,
    permission=None,
    roles=None,
    queryset=None,
    item=None,
    count_and_items=None,
    nav=None,
    badge=True,
    empty=None,
):
    if (queryset is None) == (count_and_items is None):
        raise ValueError(f"work section {key!r}: give either queryset (with item) or count_and_items")
    if queryset is not None and item is None:
        raise ValueError(f"work section {key!r}: a queryset section needs item(row)")
    if group not in GROUPS:
        raise ValueError(f"work section {key!r}: unknown group {group!r}")
    extra = {"empty": empty} if empty is not None else {}
    _SECTIONS[key] = WorkSection(
        key=key,
        label=label,
        order=order,
        url_name=url_name,
        group=group,
        permission=permission,
        roles=tuple(roles) if roles else None,
        queryset=queryset,
        item=item,
        count_and_items=count_and_items,
        nav=nav,
        badge=badge,
        **extra,
    )


def work_sections():
    return sorted(_SECTIONS.values(), key=lambda s: (GROUP_ORDER.index(s.group), s.order, s.key))


def sections_for(user):
    if not user_is_staff_member(user):
        return []
    held = user.get_all_permissions()
    return [s for s in work_sections() if s.visible_to(user, held)]


# --- counting ------------------------------------------------------------------------------------
def _counts_now(user, sections):
    """{key: count} for `sections`, in one statement for every queryset section (a scalar COUNT
    subquery each), plus whatever the other sections need."""
    counts, parts, params = {}, [], []
    for section in sections:
        if section.queryset is None:
            counts[section.key] = section.count_and_items(user, 0)[0]
            continue
        # Django compiles each queryset with its values as parameters; only its SQL text, never a
        # value, is put into the statement.
        try:
            sql, sql_params = section.queryset(user).order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a queryset.none(): nothing to count, nothing to ask
            counts[section.key] = 0
            continue
        parts.append((section.key, f"(SELECT COUNT(*) FROM ({sql}) AS w{len(parts)})"))  # noqa: S608
        params.extend(sql_params)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(p for _key, p in parts), params)
            row = cursor.fetchone()
        counts.update({key: value for (key, _p), value in zip(parts, row, strict=True)})
    return counts


def _cache_key(user):
    return f"worklist:counts:{user.pk}"


def work_counts(user, *, fresh=False):
    """{section key: count} of the sections `user` sees; cached briefly (see the module doc)."""
    sections = sections_for(user)
    if not sections:
        return {}
    key = _cache_key(user)
    cached = cache.get_many([GENERATION_KEY, key])
    generation = cached.get(GENERATION_KEY, 0)
    entry = cached.get(key)
    if not fresh and entry is not None and entry[0] == generation:
        return entry[1]
    counts = _counts_now(user, sections)
    cache.set(key, (generation, counts), BADGE_TTL)
    return counts


def work_badges(user):
    """{menu url_name: count} for the menu: the badge sections' counts, per entry they name, and
    their total on the dashboard's own entry."""
    counts = work_counts(user)
    badges = {}
    for section in sections_for(user):
        n = counts.get(section.key, 0)
        if not (section.badge and n):
            continue
        if section.nav:
            badges[section.nav] = badges.get(section.nav, 0) + n
        badges[DASHBOARD] = badges.get(DASHBOARD, 0) + n
    return badges


def work_changed():
    """Something a work section counts has changed: every cached count is stale now. Bumped at
    once, inside the change's transaction (no on_commit callback: services' tests count theirs):
    a request that counts in the milliseconds before the commit caches the old counts for at
    most BADGE_TTL seconds, and a change rolled back costs only a recount."""
    _bump()


def _bump():
    if cache.add(GENERATION_KEY, 1, None):
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr
        cache.add(GENERATION_KEY, 1, None)


def _audit_saved(sender, instance, created, **kwargs):
    if created:
        work_changed()


def connect():
    from django.db.models.signals import post_save

    from .models import AuditEntry

    post_save.connect(_audit_saved, sender=AuditEntry, dispatch_uid="kernel-worklist-audit")


# --- the dashboard -------------------------------------------------------------------------------
@dataclass
class SectionView:
    section: WorkSection
    count: int
    items: list
    url: str

    @property
    def more(self):
        return max(self.count - len(self.items), 0)


def work_dashboard(user, *, limit=ITEMS_LIMIT):
    """[(group label, [SectionView])] for the dashboard: fresh counts (also refreshing the menu's
    cache) and the first `limit` items of every section the user sees."""
    sections = sections_for(user)
    counts = work_counts(user, fresh=True)
    groups = {}
    for section in sections:
        if section.queryset is not None:
            count = counts.get(section.key, 0)
            items = [section.item(row) for row in section.queryset(user)[:limit]] if count else []
        else:
            count, items = section.count_and_items(user, limit)
        groups.setdefault(section.group, []).append(SectionView(section, count, list(items), section.url()))
    return [(GROUPS[g], groups[g]) for g in GROUP_ORDER if g in groups]
