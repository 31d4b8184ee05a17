"""Reads of releases: the public querysets (one definition of "public"), search, staff lists and
the access helpers that answer 404 for anything the user may not see."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.links import LinkExpired, LinkGone, LinkInvalid, link_purpose, link_read, link_token, link_url
from kernel.text import html_to_text
from kernel.workflow import second_pair_of_eyes_queryset

from .links import SHARE, SHARE_MAX_AGE, SHARE_SALT
from .models import Category, Release, ReleaseCorrection, ReleaseRevision
from .permissions import APPROVE_RELEASE, VIEW_RELEASE
from .revisions import diff_words  # noqa: F401 - the word diff's old home, still imported
from .revisions import revision_diff as _revision_diff

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


def public_corrections_prefetch():
    """The corrections a page shows: applied ones only (a major one waiting for approval, or a
    rejected one, is not part of the published release)."""
    return Prefetch(
        "corrections",
        queryset=ReleaseCorrection.objects.filter(status=ReleaseCorrection.Status.APPROVED).order_by(
            "decided_at", "created_at", "pk"
        ),
    )


def detail_prefetches():
    return ("tags", "quotes", "contacts", "photos", "attachments", public_corrections_prefetch())


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


def correction_review_queue(*, user):
    """Major corrections waiting for this user's decision: pending, and not proposed by her (the
    correction workflow's second pair of eyes, in SQL)."""
    from .workflows import CORRECTION_WORKFLOW

    if not (user.is_authenticated and user.has_perm(APPROVE_RELEASE)):
        return ReleaseCorrection.objects.none()
    queue = (
        ReleaseCorrection.objects.filter(status=ReleaseCorrection.Status.PENDING)
        .select_related("release", "created_by")
        .order_by("created_at", "pk")
    )
    return second_pair_of_eyes_queryset(CORRECTION_WORKFLOW, queue, user)


def release_corrections_for_staff(release):
    """Every correction of a release, pending and decided, newest first, for its staff pages."""
    return list(
        ReleaseCorrection.objects.filter(release=release)
        .select_related("created_by", "decided_by")
        .prefetch_related("new_attachments")
        .order_by("-created_at", "-pk")
    )


def correction_get_for_user(user, release, correction_pk):
    if not (user.is_authenticated and user.has_perm(VIEW_RELEASE)):
        raise Http404
    correction = (
        ReleaseCorrection.objects.select_related("release", "created_by", "decided_by")
        .prefetch_related("new_attachments")
        .filter(release=release, pk=correction_pk)
        .first()
    )
    if correction is None:
        raise Http404
    return correction


CORRECTION_FIELD_LABELS = {
    "title": gettext_lazy("Judul"),
    "summary": gettext_lazy("Ringkasan/teras"),
    "body": gettext_lazy("Isi"),
    "hero_caption": gettext_lazy("Keterangan foto utama"),
    "quotes": gettext_lazy("Kutipan"),
    "contacts": gettext_lazy("Narahubung"),
    "captions": gettext_lazy("Keterangan foto"),
    "remove_attachments": gettext_lazy("Lampiran dihapus"),
}


def correction_diff(correction, release):
    """(label, diff HTML) per field the correction changes, live version against the proposal."""
    proposed = correction.proposed or {}

    def rows_text(rows, fields):
        return "\n".join(" · ".join(r.get(f, "") for f in fields if r.get(f)) for r in rows)

    out = []
    for field in ("title", "summary", "hero_caption"):
        if field in proposed:
            out.append((CORRECTION_FIELD_LABELS[field], diff_words(getattr(release, field), proposed[field])))
    if "body" in proposed:
        out.append(
            (
                CORRECTION_FIELD_LABELS["body"],
                diff_words(html_to_text(release.body), html_to_text(proposed["body"])),
            )
        )
    if "quotes" in proposed:
        live = [{"speaker": q.speaker, "role": q.role, "text": q.text} for q in release.quotes.all()]
        fields = ("speaker", "role", "text")
        out.append(
            (
                CORRECTION_FIELD_LABELS["quotes"],
                diff_words(rows_text(live, fields), rows_text(proposed["quotes"], fields)),
            )
        )
    if "contacts" in proposed:
        live = [
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            for c in release.contacts.all()
        ]
        fields = ("name", "role", "phone", "email")
        out.append(
            (
                CORRECTION_FIELD_LABELS["contacts"],
                diff_words(rows_text(live, fields), rows_text(proposed["contacts"], fields)),
            )
        )
    if "captions" in proposed:
        photos = {str(p.pk): p for p in release.photos.all()}
        old = "\n".join(photos[k].caption for k in proposed["captions"] if k in photos)
        new = "\n".join(v for k, v in proposed["captions"].items() if k in photos)
        out.append((CORRECTION_FIELD_LABELS["captions"], diff_words(old, new)))
    if "remove_attachments" in proposed:
        titles = [a.title for a in release.attachments.all() if a.pk in proposed["remove_attachments"]]
        out.append((CORRECTION_FIELD_LABELS["remove_attachments"], escape(", ".join(titles) or "-")))
    return out


def release_returned_to(*, user):
    """Drafts of this user (author or submitter) that a reviewer sent back with a note."""
    return (
        release_staff_list(user=user)
        .filter(status=S.DRAFT, review_comment__gt="")
        .filter(Q(author=user) | Q(submitted_by=user))
        .order_by("-updated_at", "-id")
    )


def release_scheduled(*, user):
    """Approved releases waiting for their publication time, the next first."""
    return release_staff_list(user=user).filter(status=S.SCHEDULED).order_by("publish_at", "id")


def release_embargo_ending_today(*, user, now=None):
    """Releases whose embargo ends during today (WIB), not yet ended, the next first."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    end_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return (
        release_staff_list(user=user)
        .filter(embargo_until__gt=now, embargo_until__lt=end_of_day)
        .filter(status__in=[S.IN_REVIEW, S.APPROVED, S.SCHEDULED, S.PUBLISHED])
        .order_by("embargo_until", "id")
    )


def _approvers():
    """Active holders of APPROVE_RELEASE through their role (superusers are not mailed)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.with_perm(
            APPROVE_RELEASE, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True)
        .order_by("pk")
    )


def release_reviewers(release):
    """Who is asked to review `release`: approvers whom the workflow would let approve it now."""
    from .workflows import RELEASE_WORKFLOW

    return [u for u in _approvers() if RELEASE_WORKFLOW.refusal_for("approve", release, u) is None]


def correction_reviewers(correction):
    """Who is asked to decide a major correction: approvers the correction workflow would let
    approve it (never its proposer)."""
    from .workflows import CORRECTION_WORKFLOW

    return [u for u in _approvers() if CORRECTION_WORKFLOW.refusal_for("approve", correction, u) is None]


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
def revision_diff(old, new):
    """Every field of two revisions compared (releases/revisions.py): a list of entries."""
    return _revision_diff(old, new)


def release_changes_since(release, base_version):
    """What was saved after version `base_version` of `release`: who, when, and the field-by-field
    diff from the revision that edit was based on to the newest one. For the refusal of a stale
    edit; None when nothing newer is known."""
    revisions = list(
        ReleaseRevision.objects.filter(release=release).select_related("created_by").order_by("number")
    )
    if not revisions:
        return None
    base = None
    for revision in revisions:
        if revision.release_version is not None and revision.release_version <= base_version:
            base = revision
    newest = revisions[-1]
    newer = [r for r in revisions if (r.release_version or 0) > base_version]
    if not newer:
        return None
    people = []
    for revision in newer:
        person = revision.created_by
        name = (person.get_full_name() or person.get_username()) if person else ""
        if name and name not in people:
            people.append(name)
    entries = _revision_diff(base, newest) if base is not None else []
    return {
        "people": people,
        "when": newest.created_at,
        "base": base,
        "newest": newest,
        "version": release.version,
        "diff": [e for e in entries if e["changed"]],
    }


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


# --- embargo room --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmbargoRoomAccess:
    """Who holds an embargo-room link: the journalist it was made for (None: a test mail opened
    by a staff member), and the delivery whose mail carried it."""

    release: Release
    journalist_id: int | None
    delivery_id: int | None


def embargo_room_access(token, user):
    """The access an embargo-room token gives, or kernel.links' LinkProblem: LinkInvalid (404)
    for a tampered token, a revoked one, one for a person since erased, or a staff test link
    opened by someone who is not staff; LinkGone for a release sent back or withdrawn."""
    from contacts.selectors import journalist_get

    from .links import EMBARGO_ROOM
    from .models import EmbargoRoomRevocation

    link = link_read(EMBARGO_ROOM, token)
    journalist_id = link.extra.get("j")
    delivery_id = link.extra.get("d")
    if journalist_id is None:
        if not (user.is_authenticated and user.has_perm(VIEW_RELEASE)):
            raise LinkInvalid
    else:
        if not isinstance(journalist_id, int):
            raise LinkInvalid
        try:
            journalist = journalist_get(journalist_id)
        except Http404:
            raise LinkInvalid from None
        if journalist.erased_at is not None:
            raise LinkInvalid
        if EmbargoRoomRevocation.objects.filter(release=link.obj, journalist_id=journalist_id).exists():
            raise LinkInvalid
    release = (
        Release.objects.select_related("category").prefetch_related(*detail_prefetches()).get(pk=link.obj.pk)
    )
    return EmbargoRoomAccess(release, journalist_id, delivery_id if isinstance(delivery_id, int) else None)


def embargo_room_photos(release):
    """(name inside the ZIP, storage name, photo or None for the hero) of every original photo."""
    import os

    from django.utils.text import slugify

    items = []
    if release.hero_image:
        ext = os.path.splitext(release.hero_image.name)[1]
        items.append(
            (f"00-foto-utama-{slugify(release.hero_alt)[:60] or 'foto'}{ext}", release.hero_image.name, None)
        )
    for number, photo in enumerate(release.photos.all(), start=1):
        ext = os.path.splitext(photo.image.name)[1]
        label = slugify(photo.caption or photo.alt)[:60] or "foto"
        items.append((f"{number:02d}-{label}{ext}", photo.image.name, photo))
    return items


def embargo_room_openings(release, *, limit=200):
    from .models import EmbargoRoomOpening

    return list(
        EmbargoRoomOpening.objects.filter(release=release).select_related("journalist__outlet")[:limit]
    )


# A send to 10,000 addresses must not draw 10,000 rows on the release page: those who opened
# the room or were revoked always show, then the other recipients up to this many.
ROOM_RECIPIENTS_SHOWN = 200


def embargo_room_recipients(release, *, limit=ROOM_RECIPIENTS_SHOWN):
    """The staff page's list of people whose link can be revoked: {"rows": [{journalist,
    openings, revocation}], "total": recipients in all, "shown": rows}. Everyone who opened the
    room or is revoked comes first, then the other recipients of the release's mail by name."""
    from django.db.models import Count

    from contacts.selectors import journalist_list
    from distribution.selectors import source_recipient_ids

    from .models import EmbargoRoomOpening, EmbargoRoomRevocation

    opened = dict(
        EmbargoRoomOpening.objects.filter(release=release, journalist__isnull=False)
        .values_list("journalist_id")
        .annotate(n=Count("pk"))
        .values_list("journalist_id", "n")
    )
    revoked = {
        r.journalist_id: r
        for r in EmbargoRoomRevocation.objects.filter(release=release).select_related("revoked_by")
    }
    always = set(opened) | set(revoked)
    sent = source_recipient_ids(release)
    first = list(journalist_list().filter(pk__in=always)[:limit])
    others = list(journalist_list().filter(pk__in=sent).exclude(pk__in=always)[: max(limit - len(first), 0)])
    rows = [
        {"journalist": j, "openings": opened.get(j.pk, 0), "revocation": revoked.get(j.pk)}
        for j in first + others
    ]
    total = len(rows)
    if total >= limit:
        total = len(always) + sent.exclude(journalist_id__in=always).count()
    return {"rows": rows, "total": total, "shown": len(rows)}


# --- WhatsApp ------------------------------------------------------------------------------------
WHATSAPP_LEAD_CHARS = 280


def release_whatsapp_text(release):
    """The release as a WhatsApp message for journalists' groups: the title in bold (`*…*`), a
    short lead, the public link; an embargo line on top while one runs. Plain text: WhatsApp
    shows it as typed and turns the link into a preview."""
    from django.utils.text import Truncator

    from .distribution_hooks import embargo_label, release_public_url

    # WhatsApp's bold ends at the next asterisk and does not start before a space.
    title = " ".join(release.title.replace("*", "").split())
    lead = " ".join((release.summary or release.body_text or html_to_text(release.body)).split())
    lines = []
    if release.is_embargoed:
        lines += ["*" + _("EMBARGO s.d. %(time)s") % {"time": embargo_label(release)} + "*", ""]
    lines += [f"*{title}*", ""]
    if lead:
        lines += [Truncator(lead).chars(WHATSAPP_LEAD_CHARS), ""]
    lines.append(release_public_url(release))
    return "\n".join(lines)


def release_whatsapp_share_url(release):
    from urllib.parse import quote

    return "https://wa.me/?text=" + quote(release_whatsapp_text(release), safe="")


# --- language versions -------------------------------------------------------------------------
def release_language_versions(release, *, public_only=True):
    """The language versions of one release (the Indonesian original and its translations),
    `release` itself included, ordered by language: [(language code, release)]. On public pages
    only the versions that are public themselves (a draft translation is never linked)."""
    original_pk = release.translation_of_id or release.pk
    qs = Release.objects.filter(Q(pk=original_pk) | Q(translation_of_id=original_pk)).defer(
        "body", "body_text", "search_vector"
    )
    if public_only:
        qs = qs.filter(release_public_q())
    versions = {r.language: r for r in qs}
    versions[release.language] = release
    if len(versions) < 2:
        return []
    return sorted(versions.items())
