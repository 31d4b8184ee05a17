"""Every write to releases. Each function: keyword-only arguments, an actor, one transaction, the
row locked before its state changes, an audit entry, and side effects (mail, cache) after commit.

The permission and second-pair-of-eyes checks live here, not only in the views: a hidden button
is not a rule."""

import html
import re

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kernel.audit import audit_record
from kernel.models import OrganisationProfile
from kernel.pagecache import public_cache_bump
from kernel.sanitize import sanitize_html, sanitize_text

from .models import (
    Release,
    ReleaseAttachment,
    ReleaseContact,
    ReleaseCorrection,
    ReleasePhoto,
    ReleaseQuote,
    ReleaseRevision,
    Tag,
)

S = Release.Status
SEARCH_CONFIG = "indonesian"
# Fields a content save may write (everything else is the workflow's).
CONTENT_FIELDS = (
    "title",
    "summary",
    "body",
    "language",
    "category",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "embargo_until",
    "publish_at",
)
EDITABLE_STATUSES = (S.DRAFT,)


class ReleaseActionError(Exception):
    """A refused action, with a message fit to show the user."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


# --- helpers -------------------------------------------------------------------------------------
def _bump_on_commit():
    transaction.on_commit(public_cache_bump)


def _require_perm(actor, perm):
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(perm)):
        raise ReleaseActionError(_("Anda tidak berwenang melakukan tindakan ini."))


def _require_status(release, allowed, action_label):
    if release.status not in allowed:
        raise ReleaseActionError(
            _("Siaran pers berstatus “%(status)s” tidak dapat %(action)s.")
            % {"status": release.get_status_display(), "action": action_label}
        )


def _lock(release):
    return Release.objects.select_for_update().get(pk=release.pk)


def _move(release, to, *, actor, action, fields=(), data=None):
    """The end of every workflow step (inside its transaction, on the locked row): the new status
    saved with the step's own `fields`, and the move in the audit log."""
    from_state = release.status
    release.status = to
    release.save(update_fields=["status", *fields, "updated_at"])
    audit_record(actor=actor, action=action, obj=release, from_state=from_state, to_state=to, data=data)
    return release


def _text_of(body_html):
    text = strip_tags(re.sub(r"</(p|h\d|li|blockquote|tr|figcaption)>", r"\g<0>\n", body_html or ""))
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:240] or "siaran-pers"
    slug, n = base, 2
    qs = Release.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def search_vector_expression():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


def _update_search_vector(release):
    Release.objects.filter(pk=release.pk).update(search_vector=search_vector_expression())


def _snapshot(release):
    return {
        "quotes": [{"speaker": q.speaker, "role": q.role, "text": q.text} for q in release.quotes.all()],
        "contacts": [
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            for c in release.contacts.all()
        ],
    }


def _make_revision(release, actor, note=""):
    last = release.revisions.aggregate(m=Max("number"))["m"] or 0
    return ReleaseRevision.objects.create(
        release=release,
        number=last + 1,
        title=release.title,
        summary=release.summary,
        body=release.body,
        extra=_snapshot(release),
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _clean_content(data):
    clean = {}
    for field in CONTENT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "body":
            value = sanitize_html(value)
        elif field in ("title", "summary", "hero_alt", "hero_caption", "hero_credit"):
            value = sanitize_text(value or "").strip()
        clean[field] = value
    if "title" in clean and not clean["title"]:
        raise ReleaseActionError(_("Judul wajib diisi."))
    embargo, publish_at = clean.get("embargo_until"), clean.get("publish_at")
    if embargo and publish_at and publish_at < embargo:
        raise ReleaseActionError(_("Waktu terbit tidak boleh sebelum embargo berakhir."))
    return clean


def _sync_rows(release, model, rows, fields):
    """Replace the simple child rows (quotes, contacts) with `rows` (list of dicts), in order."""
    model.objects.filter(release=release).delete()
    model.objects.bulk_create(
        [
            model(release=release, order=i, **{f: sanitize_text(row.get(f) or "").strip() for f in fields})
            for i, row in enumerate(rows)
        ]
    )


def _sync_files(release, model, rows, file_field, fields):
    """Photos and attachments: each row is {"id": pk|None, "delete": bool, file_field: File|None,
    ...fields}; new rows need a file, existing rows keep theirs unless a new one is given."""
    for i, row in enumerate(rows):
        values = {f: row.get(f) for f in fields if f in row}
        for f, v in list(values.items()):
            if isinstance(v, str):
                values[f] = sanitize_text(v).strip()
        obj = model.objects.filter(release=release, pk=row["id"]).first() if row.get("id") else None
        if row.get("delete"):
            if obj is not None:
                obj.delete()
            continue
        if obj is None:
            if not row.get(file_field):
                continue
            obj = model(release=release)
        if row.get(file_field):
            setattr(obj, file_field, row[file_field])
        for f, v in values.items():
            setattr(obj, f, v)
        if hasattr(obj, "order"):
            obj.order = i
        obj.save()


def _set_tags(release, tag_names):
    tags = []
    for name in tag_names:
        name = sanitize_text(name).strip()[:60]
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    release.tags.set(tags)


def _apply_content(release, actor, *, data, quotes, contacts, photos, attachments, tags, hero_image):
    for field, value in _clean_content(data).items():
        setattr(release, field, value)
    if hero_image is not None:
        release.hero_image = hero_image or ""
    if release.hero_image and not release.hero_alt:
        raise ReleaseActionError(_("Teks alternatif foto utama wajib diisi."))
    release.body_text = _text_of(release.body)
    if not release.published_at:
        release.slug = _unique_slug(release.title, exclude_pk=release.pk)
    release.save()
    if quotes is not None:
        _sync_rows(release, ReleaseQuote, quotes, ("speaker", "role", "text"))
    if contacts is not None:
        _sync_rows(release, ReleaseContact, contacts, ("name", "role", "phone", "email"))
    if photos is not None:
        _sync_files(release, ReleasePhoto, photos, "image", ("alt", "caption", "credit"))
        if release.photos.filter(alt="").exists():
            raise ReleaseActionError(_("Setiap foto wajib memiliki teks alternatif."))
    if attachments is not None:
        _sync_files(release, ReleaseAttachment, attachments, "file", ("title", "content_type", "size"))
    if tags is not None:
        _set_tags(release, tags)
    _update_search_vector(release)


# --- content -------------------------------------------------------------------------------------
def release_create(
    *, actor, data, quotes=(), contacts=(), photos=(), attachments=(), tags=(), hero_image=None
):
    _require_perm(actor, "releases.add_release")
    with transaction.atomic():
        release = Release(author=actor, status=S.DRAFT, title=data.get("title") or "")
        _apply_content(
            release,
            actor,
            data=data,
            quotes=list(quotes),
            contacts=list(contacts),
            photos=list(photos),
            attachments=list(attachments),
            tags=list(tags),
            hero_image=hero_image,
        )
        revision = _make_revision(release, actor)
        audit_record(
            actor=actor,
            action="release.create",
            obj=release,
            to_state=release.status,
            data={"revision": revision.number},
        )
    return release


def release_update(
    *,
    release,
    actor,
    data,
    quotes=None,
    contacts=None,
    photos=None,
    attachments=None,
    tags=None,
    hero_image=None,
):
    """Save the content of a draft; every save is a revision."""
    _require_perm(actor, "releases.change_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, EDITABLE_STATUSES, _("diubah (hanya draf yang dapat diubah)"))
        _apply_content(
            release,
            actor,
            data=data,
            quotes=quotes,
            contacts=contacts,
            photos=photos,
            attachments=attachments,
            tags=tags,
            hero_image=hero_image,
        )
        revision = _make_revision(release, actor)
        audit_record(actor=actor, action="release.update", obj=release, data={"revision": revision.number})
    return release


def release_restore_revision(*, release, revision, actor):
    _require_perm(actor, "releases.change_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, EDITABLE_STATUSES, _("dipulihkan (hanya draf yang dapat diubah)"))
        if revision.release_id != release.pk:
            raise ReleaseActionError(_("Revisi tidak ditemukan."))
        extra = revision.extra or {}
        _apply_content(
            release,
            actor,
            data={"title": revision.title, "summary": revision.summary, "body": revision.body},
            quotes=extra.get("quotes"),
            contacts=extra.get("contacts"),
            photos=None,
            attachments=None,
            tags=None,
            hero_image=None,
        )
        new = _make_revision(release, actor, note=_("Dipulihkan dari revisi %(n)s") % {"n": revision.number})
        audit_record(
            actor=actor,
            action="release.restore_revision",
            obj=release,
            data={"from_revision": revision.number, "revision": new.number},
        )
    return release


# --- workflow ------------------------------------------------------------------------------------
def release_submit(*, release, actor):
    _require_perm(actor, "releases.submit_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.DRAFT,), _("diajukan"))
        if not release.body_text.strip():
            raise ReleaseActionError(_("Isi siaran pers masih kosong."))
        release.submitted_by = actor
        _move(release, S.IN_REVIEW, actor=actor, action="release.submit", fields=["submitted_by"])
    return release


def _assign_number(release, now):
    local = timezone.localtime(now)
    # One numbering per year: an advisory lock serialises concurrent approvals; the unique
    # constraint on (number_year, number_seq) is the backstop.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, local.year])
    seq = (Release.objects.filter(number_year=local.year).aggregate(m=Max("number_seq"))["m"] or 0) + 1
    org = OrganisationProfile.objects.filter(pk=OrganisationProfile.SINGLETON_PK).first()
    pattern_owner = org or OrganisationProfile(name="")
    release.number = pattern_owner.format_release_number(seq=seq, year=local.year, month=local.month)
    release.number_year = local.year
    release.number_seq = seq


def _notify_author(release, *, subject, body, reviewer, comment):
    """One mail to the author (and the submitter, if someone else), after commit."""
    recipients = sorted({u.email for u in (release.author, release.submitted_by) if u and u.email})
    if not recipients:
        return
    from kernel.tasks import send_mail_task

    from .selectors import staff_absolute_url

    text = body % {
        "title": release.title,
        "reviewer": reviewer.get_full_name() or reviewer.get_username(),
        "comment": comment or "-",
        "number": release.number or "",
        "url": staff_absolute_url(release),
    }
    transaction.on_commit(lambda: send_mail_task.delay(subject=subject, body=text, to=recipients))


def release_approve(*, release, actor, comment=""):
    _require_perm(actor, "releases.approve_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.IN_REVIEW,), _("disetujui"))
        if release.submitted_by_id == actor.pk:
            # The second pair of eyes (DESIGN.md): whoever submitted can not approve.
            raise ReleaseActionError(
                _("Anda yang mengajukan siaran pers ini; persetujuan harus oleh orang lain.")
            )
        now = timezone.now()
        if not release.number:
            _assign_number(release, now)
        release.approved_by = actor
        release.review_comment = sanitize_text(comment).strip()
        _move(
            release,
            S.APPROVED,
            actor=actor,
            action="release.approve",
            fields=["number", "number_year", "number_seq", "approved_by", "review_comment"],
            data={"number": release.number, "comment": release.review_comment},
        )
        _notify_author(
            release,
            subject=_("Siaran pers disetujui: %(title)s") % {"title": release.title},
            body=_(
                "Siaran pers “%(title)s” disetujui oleh %(reviewer)s dengan nomor %(number)s.\n\n"
                "Catatan peninjau:\n%(comment)s\n\nBuka: %(url)s\n"
            ),
            reviewer=actor,
            comment=release.review_comment,
        )
    return release


def release_reject(*, release, actor, comment):
    _require_perm(actor, "releases.approve_release")
    comment = sanitize_text(comment or "").strip()
    if not comment:
        raise ReleaseActionError(_("Tuliskan alasan penolakan agar penulis tahu apa yang perlu diperbaiki."))
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.IN_REVIEW,), _("ditolak"))
        if release.submitted_by_id == actor.pk:
            raise ReleaseActionError(
                _("Anda yang mengajukan siaran pers ini; peninjauan harus oleh orang lain.")
            )
        release.review_comment = comment
        _move(
            release,
            S.DRAFT,
            actor=actor,
            action="release.reject",
            fields=["review_comment"],
            data={"comment": comment},
        )
        _notify_author(
            release,
            subject=_("Siaran pers dikembalikan: %(title)s") % {"title": release.title},
            body=_(
                "Siaran pers “%(title)s” dikembalikan ke draf oleh %(reviewer)s.\n\n"
                "Catatan peninjau:\n%(comment)s\n\nBuka: %(url)s\n"
            ),
            reviewer=actor,
            comment=comment,
        )
    return release


def _go_public(release, actor, now, *, action):
    release.published_at = now
    _move(release, S.PUBLISHED, actor=actor, action=action, fields=["published_at", "publish_at"])
    _bump_on_commit()
    _presskit_on_commit(release, actor)


def _presskit_on_commit(release, actor):
    """A published (or corrected) release gets its press kit rendered in the pdf queue; after
    commit, so the kit is built from what was saved and no render waits on this transaction."""
    from .presskit.services import presskit_request

    transaction.on_commit(lambda: presskit_request(release=release, actor=actor))


def release_publish(*, release, actor):
    """Publish now; while an embargo runs, the release is scheduled for the embargo's end instead."""
    _require_perm(actor, "releases.publish_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.APPROVED, S.SCHEDULED), _("diterbitkan"))
        now = timezone.now()
        if release.embargo_until and release.embargo_until > now:
            release.publish_at = release.embargo_until
            return _move(
                release,
                S.SCHEDULED,
                actor=actor,
                action="release.schedule",
                fields=["publish_at"],
                data={"publish_at": release.publish_at, "reason": "embargo"},
            )
        release.publish_at = release.publish_at if release.status == S.SCHEDULED else now
        _go_public(release, actor, now, action="release.publish")
    return release


def release_schedule(*, release, actor, publish_at):
    _require_perm(actor, "releases.publish_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.APPROVED, S.SCHEDULED), _("dijadwalkan"))
        now = timezone.now()
        if publish_at is None or publish_at <= now:
            raise ReleaseActionError(_("Waktu terbit harus di masa depan."))
        if release.embargo_until and publish_at < release.embargo_until:
            raise ReleaseActionError(_("Waktu terbit tidak boleh sebelum embargo berakhir."))
        release.publish_at = publish_at
        _move(
            release,
            S.SCHEDULED,
            actor=actor,
            action="release.schedule",
            fields=["publish_at"],
            data={"publish_at": publish_at},
        )
    return release


def release_unschedule(*, release, actor):
    _require_perm(actor, "releases.publish_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.SCHEDULED,), _("dibatalkan jadwalnya"))
        _move(release, S.APPROVED, actor=actor, action="release.unschedule")
    return release


def release_publish_due(*, now=None, batch_size=100):
    """Publish every scheduled release whose time has come (run by beat every minute). Rows locked
    by another sweep are skipped, so two beats never publish one release twice."""
    now = now or timezone.now()
    published = []
    while True:
        with transaction.atomic():
            due = list(
                Release.objects.select_for_update(skip_locked=True)
                .filter(status=S.SCHEDULED, publish_at__lte=now)
                .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=now))
                .order_by("publish_at", "pk")[:batch_size]
            )
            for release in due:
                _go_public(release, "system:beat", now, action="release.publish_scheduled")
                published.append(release.pk)
        if len(due) < batch_size:
            return published


def release_correct(*, release, actor, change_note, data, quotes=None, contacts=None):
    """Change a published release: a new revision and a correction note shown on the page."""
    _require_perm(actor, "releases.publish_release")
    change_note = sanitize_text(change_note or "").strip()
    if not change_note:
        raise ReleaseActionError(_("Catatan perubahan wajib diisi untuk koreksi."))
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.PUBLISHED,), _("dikoreksi"))
        data = {k: v for k, v in data.items() if k in ("title", "summary", "body")}
        _apply_content(
            release,
            actor,
            data=data,
            quotes=quotes,
            contacts=contacts,
            photos=None,
            attachments=None,
            tags=None,
            hero_image=None,
        )
        revision = _make_revision(release, actor, note=change_note)
        ReleaseCorrection.objects.create(
            release=release, note=change_note, revision=revision, created_by=actor
        )
        audit_record(
            actor=actor,
            action="release.correct",
            obj=release,
            from_state=S.PUBLISHED,
            to_state=S.PUBLISHED,
            data={"note": change_note, "revision": revision.number},
        )
        _bump_on_commit()
        _presskit_on_commit(release, actor)
    return release


def release_withdraw(*, release, actor, reason):
    _require_perm(actor, "releases.withdraw_release")
    reason = sanitize_text(reason or "").strip()
    if not reason:
        raise ReleaseActionError(_("Alasan penarikan wajib diisi; alasan ini tampil di halaman publik."))
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.PUBLISHED,), _("ditarik"))
        release.withdrawn_reason = reason
        release.withdrawn_at = timezone.now()
        _move(
            release,
            S.WITHDRAWN,
            actor=actor,
            action="release.withdraw",
            fields=["withdrawn_reason", "withdrawn_at"],
            data={"reason": reason},
        )
        _bump_on_commit()
    return release


def release_unpublish(*, release, actor, reason=""):
    """Take the page down entirely (Kepala Humas only): the public URL answers 410 Gone."""
    _require_perm(actor, "releases.unpublish_release")
    with transaction.atomic():
        release = _lock(release)
        _require_status(release, (S.PUBLISHED, S.WITHDRAWN, S.SCHEDULED), _("dibatalkan terbitnya"))
        release.unpublished_at = timezone.now()
        release.unpublished_reason = sanitize_text(reason or "").strip()
        _move(
            release,
            S.UNPUBLISHED,
            actor=actor,
            action="release.unpublish",
            fields=["unpublished_at", "unpublished_reason"],
            data={"reason": release.unpublished_reason},
        )
        _bump_on_commit()
    return release
