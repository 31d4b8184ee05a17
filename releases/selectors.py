"""Reads of releases: the public querysets (one definition of "public"), search, staff lists and
the access helpers that answer 404 for anything the user may not see."""

import difflib
import re

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kernel.links import LinkExpired, LinkGone, LinkInvalid, link_purpose, link_read, link_token, link_url
from kernel.text import html_to_text
from kernel.workflow import second_pair_of_eyes_queryset

from .links import SHARE, SHARE_MAX_AGE, SHARE_SALT
from .models import Category, Release, ReleaseRevision
from .permissions import APPROVE_RELEASE, VIEW_RELEASE

S = Release.Status
MAX_QUERY_LENGTH = 200


def _not_embargoed(now):
    return Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)


def release_public_list(*, category=None, tag=None, month=None):
    """Published, due and out of embargo, newest first. Withdrawn releases keep their page but
    leave the lists, feeds, search, sitemap and API."""
    now = timezone.now()
    qs = (
        Release.objects.filter(status=S.PUBLISHED, published_at__lte=now)
        .filter(_not_embargoed(now))
        .select_related("category")
        .order_by("-published_at", "-id")
    )
    if category:
        qs = qs.filter(category__slug=category)
    if tag:
        qs = qs.filter(tags__slug=tag)
    if month:
        year, mon = month
        qs = qs.filter(published_at__year=year, published_at__month=mon)
    return qs


def release_public_get(*, slug):
    """A public page: published or withdrawn (with its notice), due, not embargoed; else 404.
    Unpublished releases raise Gone (the caller answers 410)."""
    now = timezone.now()
    release = (
        Release.objects.filter(slug=slug)
        .select_related("category")
        .prefetch_related(*detail_prefetches())
        .first()
    )
    if release is None:
        raise Http404
    if release.status == S.UNPUBLISHED:
        raise ReleaseGone
    if not (
        release.status in Release.PUBLIC_STATUSES
        and release.published_at
        and release.published_at <= now
        and not (release.embargo_until and release.embargo_until > now)
    ):
        raise Http404
    return release


class ReleaseGone(Exception):
    pass


def detail_prefetches():
    return ("tags", "quotes", "contacts", "photos", "attachments", "corrections")


def release_public_categories():
    return list(Category.objects.order_by("name"))


def parse_month(value):
    m = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if not m:
        return None
    year, mon = int(m.group(1)), int(m.group(2))
    if not (1 <= mon <= 12 and 1990 <= year <= 2100):
        return None
    return year, mon


# --- search --------------------------------------------------------------------------------------
def clean_search_query(raw):
    q = re.sub(r"\s+", " ", (raw or "").replace("\x00", " ")).strip()[:MAX_QUERY_LENGTH]
    return q if re.search(r"\w", q) else ""


# --- staff ---------------------------------------------------------------------------------------
def release_staff_list(*, user):
    if not user.has_perm(VIEW_RELEASE):
        return Release.objects.none()
    return Release.objects.select_related("category", "author", "submitted_by").order_by("-updated_at", "-id")


def release_review_queue(*, user):
    """Waiting for this user's review: in review, and she is a second pair of eyes for it (not
    its author, its submitter or one of its editors: the workflow's rule, in SQL)."""
    from .workflows import RELEASE_WORKFLOW

    if not user.has_perm(APPROVE_RELEASE):
        return Release.objects.none()
    queue = release_staff_list(user=user).filter(status=S.IN_REVIEW).order_by("updated_at", "id")
    return second_pair_of_eyes_queryset(RELEASE_WORKFLOW, queue, user)


def release_reviewers(release):
    """Who is asked to review `release`: active holders of APPROVE_RELEASE (through their role;
    superusers are not mailed) whom the workflow would let approve it now."""
    from django.contrib.auth import get_user_model

    from .workflows import RELEASE_WORKFLOW

    candidates = (
        get_user_model()
        .objects.with_perm(
            APPROVE_RELEASE, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True)
        .order_by("pk")
    )
    return [u for u in candidates if RELEASE_WORKFLOW.refusal_for("approve", release, u) is None]


def release_get_for_user(user, pk):
    """A release for the staff area; 404 for anyone without the right to see releases."""
    if not (user.is_authenticated and user.has_perm(VIEW_RELEASE)):
        raise Http404
    release = (
        Release.objects.select_related("category", "author", "submitted_by", "approved_by")
        .prefetch_related(*detail_prefetches())
        .filter(pk=pk)
        .first()
    )
    if release is None:
        raise Http404
    return release


def release_revisions(release):
    return list(ReleaseRevision.objects.filter(release=release).select_related("created_by"))


def staff_absolute_url(release):
    return settings.HUMAS_SITE_URL + reverse("staff_releases:detail", kwargs={"pk": release.pk})


def public_absolute_url(release):
    return settings.HUMAS_SITE_URL + release.get_absolute_url()


# --- share links -------------------------------------------------------------------------------
def share_token_for(release):
    return link_token(SHARE, release.pk, rev=release.link_revision)


def share_url_for(release):
    """The absolute share-preview link (read-only, SHARE_MAX_AGE seconds, this revision only)."""
    return link_url(SHARE, release.pk, rev=release.link_revision)


def release_get_by_share_token(token):
    """The release behind a share link, or kernel.links' LinkInvalid / LinkExpired / LinkGone.
    Links made before the kernel's signed-link format (a bare TimestampSigner of the id, same
    salt) are still read until they expire on their own, SHARE_MAX_AGE after they were made."""
    try:
        link = link_read(SHARE, token)
    except LinkInvalid:
        pk = _legacy_share_pk(token)
        if pk is None:
            raise
        release = link_purpose(SHARE).resolve(pk)
        if release is None:
            raise LinkGone from None
        # Links made before they were bound to a revision die with the first revoke.
        if release.share_links_revoked:
            raise LinkExpired from None
        return release
    if "rev" not in link.extra and link.obj.share_links_revoked:
        raise LinkExpired
    return link.obj


def _legacy_share_pk(token):
    from django.core import signing

    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        value = signing.TimestampSigner(salt=SHARE_SALT).unsign(token, max_age=SHARE_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


# --- revisions diff ----------------------------------------------------------------------------
def _words(text):
    return re.findall(r"\S+|\n", text or "")


def diff_words(old, new):
    """Word-level diff of two plain texts as safe HTML with <del>/<ins>."""
    a, b = _words(old), _words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


def revision_diff(old, new):
    def quotes(rev):
        return "\n".join(
            f"{q['speaker']}{' (' + q['role'] + ')' if q.get('role') else ''}: {q['text']}"
            for q in (rev.extra or {}).get("quotes", [])
        )

    return [
        ("title", diff_words(old.title, new.title)),
        ("summary", diff_words(old.summary, new.summary)),
        ("body", diff_words(html_to_text(old.body), html_to_text(new.body))),
        ("quotes", diff_words(quotes(old), quotes(new))),
    ]


# --- files (kernel.media asks releases.media, which asks these) --------------------------------
def release_public_q(now=None):
    """The public condition of Release.is_public as a filter."""
    now = now or timezone.now()
    return Q(status__in=Release.PUBLIC_STATUSES, published_at__lte=now) & _not_embargoed(now)


def release_media_access(release, user):
    """Files of a release: public while the release is, else only for staff who may see it."""
    if release is None:
        return None
    if release.is_public:
        return "public"
    if user.is_authenticated and user.has_perm(VIEW_RELEASE):
        return "allowed"
    return None


def editor_image_access(storage_name, user):
    """An editor image is public only while a public release's body shows it; staff see all."""
    url = settings.MEDIA_URL + storage_name
    if Release.objects.filter(release_public_q(), body__contains=url).exists():
        return "public"
    if user.is_authenticated and user.has_perm(VIEW_RELEASE):
        return "allowed"
    return None
