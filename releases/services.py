"""Every write to releases. Each function: keyword-only arguments, an actor, one transaction, the
row locked before its state changes, an audit entry, and side effects (mail, cache) after commit.

Every state change is a move of the declared workflow (releases/workflows.py), which checks the
state, the permission and the second pair of eyes here, in the service: a hidden button is not a
rule, and the refusal holds whatever the path (a view, the admin, the shell). A refused action
raises kernel.refusal.Refusal and writes nothing."""

import logging
from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kernel.access import actor_require
from kernel.audit import audit_record
from kernel.models import OrganisationProfile
from kernel.notifications import notification_send
from kernel.refusal import Refusal
from kernel.sanitize import sanitize_html
from kernel.text import html_to_text, plain_line, plain_text, unique_slug

from .models import (
    SEARCH_CONFIG,
    Release,
    ReleaseAttachment,
    ReleaseContact,
    ReleaseCorrection,
    ReleaseCorrectionAttachment,
    ReleasePhoto,
    ReleaseQuote,
    ReleaseRevision,
    Tag,
)
from .permissions import ADD_RELEASE, CHANGE_RELEASE
from .revisions import release_snapshot
from .workflows import BEAT_ACTOR, CORRECTION_WORKFLOW, RELEASE_WORKFLOW, release_edit_refusal

logger = logging.getLogger(__name__)
S = Release.Status
WF = RELEASE_WORKFLOW
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


# --- helpers -------------------------------------------------------------------------------------
def _require_editable(release, actor):
    refusal = release_edit_refusal(release, actor)
    if refusal is not None:
        raise refusal


def _lock(release):
    return Release.objects.select_for_update().get(pk=release.pk)


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
        snapshot=release_snapshot(release),
        release_version=release.version,
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# The note of an autosave revision (stored text, shown in the revision list as it is).
AUTOSAVE_NOTE = "Tersimpan otomatis"
# An autosave within this time of the same person's previous autosave continues that revision
# instead of adding one: a draft typed for an hour would otherwise leave 180 revisions to compare.
AUTOSAVE_CONTINUES_FOR = timedelta(minutes=15)


def _autosave_revision(release, actor):
    """The revision an autosave writes into: the newest one if it is `actor`'s own autosave from
    a moment ago (updated in place), else a new one. Returns (revision, created)."""
    latest = release.revisions.order_by("-number").first()
    if (
        latest is not None
        and latest.note == AUTOSAVE_NOTE
        and latest.created_by_id == getattr(actor, "pk", None)
        and latest.created_at >= timezone.now() - AUTOSAVE_CONTINUES_FOR
    ):
        latest.title, latest.summary, latest.body = release.title, release.summary, release.body
        latest.extra = _snapshot(release)
        latest.snapshot = release_snapshot(release)
        latest.release_version = release.version
        latest.save(update_fields=["title", "summary", "body", "extra", "snapshot", "release_version"])
        return latest, False
    return _make_revision(release, actor, note=AUTOSAVE_NOTE), True


def _refuse_stale(release, base_version):
    """An edit based on an older version than the saved one is refused: saving it would silently
    undo whatever was saved in between. The view shows that change and keeps what was typed."""
    if base_version is None or int(base_version) == release.version:
        return
    newer = (
        release.revisions.filter(release_version__gt=int(base_version))
        .select_related("created_by")
        .order_by("-number")
    )
    latest = newer.first()
    names = []
    for revision in newer:
        name = _person(revision.created_by) if revision.created_by else _("sistem")
        if name not in names:
            names.append(name)
    when = timezone.localtime(latest.created_at if latest else release.updated_at).strftime("%d-%m-%Y %H:%M")
    raise Refusal(
        _(
            "Siaran pers ini sudah diubah oleh %(who)s pada %(when)s WIB setelah Anda mulai "
            "mengubahnya. Perubahan Anda belum disimpan."
        )
        % {"who": ", ".join(names) or _("orang lain"), "when": when},
        code="conflict",
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
            value = plain_text(value or "").strip()
        clean[field] = value
    if "title" in clean and not clean["title"]:
        raise Refusal(_("Judul wajib diisi."))
    embargo, publish_at = clean.get("embargo_until"), clean.get("publish_at")
    if embargo and publish_at and publish_at < embargo:
        raise Refusal(_("Waktu terbit tidak boleh sebelum embargo berakhir."))
    return clean


def _sync_rows(release, model, rows, fields):
    """Replace the simple child rows (quotes, contacts) with `rows` (list of dicts), in order."""
    model.objects.filter(release=release).delete()
    model.objects.bulk_create(
        [
            model(release=release, order=i, **{f: plain_text(row.get(f) or "").strip() for f in fields})
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
                values[f] = plain_text(v).strip()
        obj = model.objects.filter(release=release, pk=row["id"]).first() if row.get("id") else None
        if row.get("delete"):
            if obj is not None:
                obj.delete()
            continue
        if obj is None:
            if not row.get(file_field):
                continue
            obj = model(release=release)
        new_file = bool(row.get(file_field))
        if new_file:
            setattr(obj, file_field, row[file_field])
        for f, v in values.items():
            setattr(obj, f, v)
        if hasattr(obj, "order"):
            obj.order = i
        obj.save()
        if new_file and model is ReleasePhoto:
            renditions_queue(obj.image.name)


def renditions_queue(storage_name):
    """Renditions of a newly stored image, made by a worker once the row is committed (a page
    that needs one before then makes it itself)."""
    from kernel.tasks import renditions_make_task

    transaction.on_commit(lambda: renditions_make_task.delay(storage_name))


def _set_tags(release, tag_names):
    tags = []
    for name in tag_names:
        name = plain_text(name).strip()[:60]
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    release.tags.set(tags)


def _apply_content(release, actor, *, data, quotes, contacts, photos, attachments, tags, hero_image):
    # Every content save is a new version (optimistic locking: see _refuse_stale).
    release.version = (release.version or 0) + 1 if release.pk else 1
    for field, value in _clean_content(data).items():
        setattr(release, field, value)
    if hero_image is not None:
        release.hero_image = hero_image or ""
    if release.hero_image and not release.hero_alt:
        raise Refusal(_("Teks alternatif foto utama wajib diisi."))
    release.body_text = html_to_text(release.body)
    if not release.published_at:
        release.slug = unique_slug(
            Release.objects.all(),
            release.title,
            max_length=240,
            fallback="siaran-pers",
            exclude_pk=release.pk,
        )
    release.save()
    if hero_image:
        renditions_queue(release.hero_image.name)
    if quotes is not None:
        _sync_rows(release, ReleaseQuote, quotes, ("speaker", "role", "text"))
    if contacts is not None:
        _sync_rows(release, ReleaseContact, contacts, ("name", "role", "phone", "email"))
    if photos is not None:
        _sync_files(release, ReleasePhoto, photos, "image", ("alt", "caption", "credit"))
        if release.photos.filter(alt="").exists():
            raise Refusal(_("Setiap foto wajib memiliki teks alternatif."))
    if attachments is not None:
        _sync_files(release, ReleaseAttachment, attachments, "file", ("title", "content_type", "size"))
    if tags is not None:
        _set_tags(release, tags)
    _update_search_vector(release)


# --- content -------------------------------------------------------------------------------------
def release_create(
    *, actor, data, quotes=(), contacts=(), photos=(), attachments=(), tags=(), hero_image=None
):
    actor_require(actor, ADD_RELEASE)
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
    base_version=None,
    autosave=False,
):
    """Save the content of a draft; every save is a revision. `base_version` is the version the
    edit started from (the form posts it): an older one than the saved version is refused with
    code "conflict" and nothing is written. An `autosave` saves the same way and under the same
    check; it continues the actor's own autosave revision of a moment ago instead of adding one
    (and writes its audit entry when it starts a revision, not every 20 seconds)."""
    actor_require(actor, CHANGE_RELEASE)
    with transaction.atomic():
        release = _lock(release)
        _require_editable(release, actor)
        _refuse_stale(release, base_version)
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
        if autosave:
            revision, created = _autosave_revision(release, actor)
            if created:
                audit_record(
                    actor=actor, action="release.autosave", obj=release, data={"revision": revision.number}
                )
        else:
            revision = _make_revision(release, actor)
            audit_record(
                actor=actor, action="release.update", obj=release, data={"revision": revision.number}
            )
    return release


def _snapshot_content(snapshot):
    """The fields of a revision snapshot a restore puts back (photos and attachments stay as they
    are: their files are the release's current ones). Keys a revision never recorded are left."""
    from django.utils.dateparse import parse_datetime

    from .models import Category

    data = {k: snapshot[k] for k in ("title", "summary", "body", "language") if k in snapshot}
    if "category" in snapshot:
        data["category"] = (
            Category.objects.filter(name=snapshot["category"]).first() if snapshot["category"] else None
        )
    for key in ("embargo_until", "publish_at"):
        if key in snapshot:
            data[key] = parse_datetime(snapshot[key]) if snapshot[key] else None
    if snapshot.get("hero"):
        for key in ("alt", "caption", "credit"):
            data[f"hero_{key}"] = snapshot["hero"].get(key, "")
    return data


def release_restore_revision(*, release, revision, actor):
    from .revisions import revision_snapshot

    actor_require(actor, CHANGE_RELEASE)
    with transaction.atomic():
        release = _lock(release)
        _require_editable(release, actor)
        if revision.release_id != release.pk:
            raise Refusal(_("Revisi tidak ditemukan."))
        snapshot = revision_snapshot(revision)
        _apply_content(
            release,
            actor,
            data=_snapshot_content(snapshot),
            quotes=snapshot.get("quotes"),
            contacts=snapshot.get("contacts"),
            photos=None,
            attachments=None,
            tags=snapshot.get("tags"),
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


def _copy_file(field_file):
    """A new stored file with the bytes of `field_file` (a random name is given on save)."""
    field_file.open("rb")
    try:
        return ContentFile(field_file.read(), name=field_file.name.rsplit("/", 1)[-1])
    finally:
        field_file.close()


def _copy_as_draft(source, actor, *, title, language, translation_of=None):
    """A new draft with the content of `source`: text, category, tags, quotes, contacts, the hero
    photo and the gallery (copied files, so deleting one never takes the other's). Not copied:
    number, status, times, attachments, review notes, share links."""
    release = Release(author=actor, status=S.DRAFT, title=title, translation_of=translation_of)
    _apply_content(
        release,
        actor,
        data={
            "title": title,
            "summary": source.summary,
            "body": source.body,
            "language": language,
            "category": source.category,
            "hero_alt": source.hero_alt,
            "hero_caption": source.hero_caption,
            "hero_credit": source.hero_credit,
        },
        quotes=[{"speaker": q.speaker, "role": q.role, "text": q.text} for q in source.quotes.all()],
        contacts=[
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            for c in source.contacts.all()
        ],
        photos=[
            {
                "id": None,
                "delete": False,
                "image": _copy_file(p.image),
                "alt": p.alt,
                "caption": p.caption,
                "credit": p.credit,
            }
            for p in source.photos.all()
        ],
        attachments=None,
        tags=[t.name for t in source.tags.all()],
        hero_image=_copy_file(source.hero_image) if source.hero_image else None,
    )
    return release


def release_duplicate(*, release, actor):
    """ "Duplikat sebagai draf baru": a fresh draft of the actor's with this release's content."""
    actor_require(actor, ADD_RELEASE)
    with transaction.atomic():
        copy = _copy_as_draft(
            release,
            actor,
            title=(_("Salinan: %(title)s") % {"title": release.title})[:250],
            language=release.language,
        )
        revision = _make_revision(
            copy, actor, note=_("Duplikat dari siaran pers #%(pk)s") % {"pk": release.pk}
        )
        audit_record(
            actor=actor,
            action="release.duplicate",
            obj=copy,
            to_state=copy.status,
            data={"from_release": release.pk, "revision": revision.number},
        )
    return copy


TRANSLATION_LANGUAGE = "en"


def release_translation_create(*, release, actor):
    """ "Buat versi bahasa Inggris": a draft linked to its Indonesian original (translation_of),
    starting from the original's content for the translator to replace. It goes through the
    workflow on its own. One English version per original."""
    actor_require(actor, ADD_RELEASE)
    with transaction.atomic():
        original = Release.objects.select_for_update().get(pk=release.translation_of_id or release.pk)
        if original.language == TRANSLATION_LANGUAGE:
            raise Refusal(_("Siaran pers ini sudah berbahasa Inggris."), code="language")
        if original.translations.filter(language=TRANSLATION_LANGUAGE).exists():
            raise Refusal(_("Versi bahasa Inggris siaran pers ini sudah ada."), code="exists")
        translation = _copy_as_draft(
            original, actor, title=original.title, language=TRANSLATION_LANGUAGE, translation_of=original
        )
        revision = _make_revision(
            translation, actor, note=_("Versi bahasa Inggris dari siaran pers #%(pk)s") % {"pk": original.pk}
        )
        audit_record(
            actor=actor,
            action="release.translation_create",
            obj=translation,
            to_state=translation.status,
            data={
                "translation_of": original.pk,
                "language": TRANSLATION_LANGUAGE,
                "revision": revision.number,
            },
        )
    return translation


# --- workflow ------------------------------------------------------------------------------------
def _person(user):
    return user.get_full_name() or user.get_username()


def release_submit(*, release, actor):
    def change(locked):
        locked.submitted_by = actor

    with transaction.atomic():
        release = WF.run("submit", release, actor=actor, change=change, fields=["submitted_by"])
        _notify_reviewers(release, actor)
    return release


def _notify_reviewers(release, actor):
    """Ask for a review: one mail to each person who may approve this release (APPROVE_RELEASE,
    and a second pair of eyes by the workflow's rule: not the author, the submitter or an editor)."""
    from .selectors import release_reviewers, staff_absolute_url

    notification_send(
        recipients=release_reviewers(release),
        subject=_("Mohon persetujuan siaran pers: %(title)s") % {"title": release.title},
        body=_(
            "%(submitter)s mengajukan siaran pers “%(title)s” untuk disetujui.\n\n"
            "Tinjau dan setujui atau kembalikan ke penulis dengan catatan:\n%(url)s\n"
        )
        % {"submitter": _person(actor), "title": release.title, "url": staff_absolute_url(release)},
        kind="release.review_request",
        obj=release,
    )


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


def _notify_author(release, *, kind, subject, body, reviewer, comment):
    """One mail to the author (and the submitter, if someone else), sent after commit through
    the staff notification ledger (a failed send stays visible on its row)."""
    from .selectors import staff_absolute_url

    text = body % {
        "title": release.title,
        "reviewer": _person(reviewer),
        "comment": comment or "-",
        "number": release.number or "",
        "url": staff_absolute_url(release),
    }
    notification_send(
        recipients=[u for u in (release.author, release.submitted_by) if u is not None],
        subject=subject,
        body=text,
        kind=kind,
        obj=release,
    )


def release_approve(*, release, actor, comment=""):
    comment = plain_text(comment or "").strip()

    def change(locked):
        if not locked.number:
            _assign_number(locked, timezone.now())
        locked.approved_by = actor
        locked.review_comment = comment
        return {"number": locked.number, "comment": comment}

    with transaction.atomic():
        release = WF.run(
            "approve",
            release,
            actor=actor,
            change=change,
            fields=["number", "number_year", "number_seq", "approved_by", "review_comment"],
        )
        _notify_author(
            release,
            kind="release.approved",
            subject=_("Siaran pers disetujui: %(title)s") % {"title": release.title},
            body=_(
                "Siaran pers “%(title)s” disetujui oleh %(reviewer)s dengan nomor %(number)s.\n\n"
                "Catatan peninjau:\n%(comment)s\n\nBuka: %(url)s\n"
            ),
            reviewer=actor,
            comment=comment,
        )
    return release


def release_reject(*, release, actor, comment):
    comment = plain_text(comment or "").strip()

    def change(locked):
        locked.review_comment = comment
        return {"comment": comment}

    with transaction.atomic():
        release = WF.run(
            "reject",
            release,
            actor=actor,
            change=change,
            fields=["review_comment"],
            inputs={"comment": comment},
        )
        _notify_author(
            release,
            kind="release.rejected",
            subject=_("Siaran pers dikembalikan: %(title)s") % {"title": release.title},
            body=_(
                "Siaran pers “%(title)s” dikembalikan ke draf oleh %(reviewer)s.\n\n"
                "Catatan peninjau:\n%(comment)s\n\nBuka: %(url)s\n"
            ),
            reviewer=actor,
            comment=comment,
        )
    return release


def release_publish(*, release, actor):
    """Publish now; while an embargo runs, the release is scheduled for the embargo's end instead
    (the same permission and states: whoever may publish may schedule)."""
    with transaction.atomic():
        locked = _lock(release)
        refusal = WF.refusal_for("publish", locked, actor)
        if refusal is not None:
            raise refusal
        now = timezone.now()
        if locked.embargo_until and locked.embargo_until > now:
            embargo_end = locked.embargo_until

            def schedule(row):
                row.publish_at = embargo_end
                return {"publish_at": embargo_end, "reason": "embargo"}

            return WF.run(
                "schedule",
                locked,
                actor=actor,
                change=schedule,
                fields=["publish_at"],
                inputs={"publish_at": embargo_end, "now": now},
            )

        def publish(row):
            row.publish_at = row.publish_at if row.status == S.SCHEDULED else now
            row.published_at = now

        return WF.run("publish", locked, actor=actor, change=publish, fields=["published_at", "publish_at"])


def release_schedule(*, release, actor, publish_at):
    def change(locked):
        locked.publish_at = publish_at
        return {"publish_at": publish_at}

    return WF.run(
        "schedule",
        release,
        actor=actor,
        change=change,
        fields=["publish_at"],
        inputs={"publish_at": publish_at},
    )


def release_unschedule(*, release, actor):
    return WF.run("unschedule", release, actor=actor)


def release_publish_scheduled(*, release, actor=BEAT_ACTOR, now=None):
    """The beat sweep's move for one due release. Only the system actor may make it (see
    releases/workflows.py); a person publishes with `release_publish`."""
    now = now or timezone.now()

    def change(locked):
        locked.published_at = now

    return WF.run(
        "publish_scheduled",
        release,
        actor=actor,
        change=change,
        fields=["published_at"],
        inputs={"now": now},
    )


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
            done = 0
            for release in due:
                # Already locked by this transaction: the workflow's own lock returns at once.
                try:
                    release_publish_scheduled(release=release, actor=BEAT_ACTOR, now=now)
                except Refusal as exc:  # its own savepoint rolled back; the others still go out
                    logger.warning("scheduled release %s not published: %s", release.pk, exc)
                    continue
                published.append(release.pk)
                done += 1
        # A short batch is the last one; a full batch of refusals would only repeat itself.
        if len(due) < batch_size or not done:
            return published


# --- corrections ---------------------------------------------------------------------------------
# What a correction of a published release may change. Tags, category, pictures themselves and
# times are not corrections (a wrong picture is withdrawn, not swapped silently).
CORRECTABLE_TEXT = ("title", "summary", "body", "hero_caption")
C = ReleaseCorrection


def _rows_clean(rows, fields):
    return [{f: plain_text(row.get(f) or "").strip() for f in fields} for row in rows]


def _correction_proposal(release, *, data, quotes, contacts, captions, remove_attachments):
    """The changes a correction makes to the live `release`, as plain data: only what differs."""
    proposal = {}
    clean = _clean_content({k: v for k, v in (data or {}).items() if k in CORRECTABLE_TEXT})
    for field, value in clean.items():
        if (value or "") != (getattr(release, field) or ""):
            proposal[field] = value
    live = _snapshot(release)
    if quotes is not None:
        rows = _rows_clean(quotes, ("speaker", "role", "text"))
        if rows != live["quotes"]:
            proposal["quotes"] = rows
    if contacts is not None:
        rows = _rows_clean(contacts, ("name", "role", "phone", "email"))
        if rows != live["contacts"]:
            proposal["contacts"] = rows
    if captions:
        current = {str(p.pk): p.caption for p in release.photos.all()}
        changed = {}
        for pk, caption in captions.items():
            caption = plain_text(caption or "").strip()[:300]
            if str(pk) in current and current[str(pk)] != caption:
                changed[str(pk)] = caption
        if changed:
            proposal["captions"] = changed
    if remove_attachments:
        ids = set(release.attachments.values_list("pk", flat=True))
        removed = sorted(int(pk) for pk in remove_attachments if int(pk) in ids)
        if removed:
            proposal["remove_attachments"] = removed
    return proposal


def _latest_revision_number(release):
    return release.revisions.aggregate(m=Max("number"))["m"] or 0


def _apply_proposal(release, actor, proposal, *, note, new_attachments=()):
    """Write a correction's changes onto the (locked) release and keep the result as a revision."""
    for field in CORRECTABLE_TEXT:
        if field in proposal:
            setattr(release, field, proposal[field])
    release.body_text = html_to_text(release.body)
    release.save()
    if "quotes" in proposal:
        _sync_rows(release, ReleaseQuote, proposal["quotes"], ("speaker", "role", "text"))
    if "contacts" in proposal:
        _sync_rows(release, ReleaseContact, proposal["contacts"], ("name", "role", "phone", "email"))
    for pk, caption in (proposal.get("captions") or {}).items():
        ReleasePhoto.objects.filter(release=release, pk=int(pk)).update(caption=caption)
    if proposal.get("remove_attachments"):
        ReleaseAttachment.objects.filter(release=release, pk__in=proposal["remove_attachments"]).delete()
    for attachment in new_attachments:
        ReleaseAttachment.objects.create(
            release=release,
            file=attachment.file.name,
            title=attachment.title,
            content_type=attachment.content_type,
            size=attachment.size,
        )
    _update_search_vector(release)
    return _make_revision(release, actor, note=note)


def _nothing_corrected():
    return Refusal(_("Koreksi ini tidak mengubah apa pun pada versi yang terbit."), code="unchanged")


def release_correct(
    *, release, actor, change_note, data, quotes=None, contacts=None, captions=None, remove_attachments=()
):
    """A minor correction (a typo, formatting): applied to the published release at once, with a
    new revision and its note on the public page. A change of quotes or attachments is a fact
    the public relies on: that is a major correction, under review (`release_correction_propose`)."""
    change_note = plain_text(change_note or "").strip()

    def change(locked):
        proposal = _correction_proposal(
            locked,
            data=data,
            quotes=quotes,
            contacts=contacts,
            captions=captions,
            remove_attachments=remove_attachments,
        )
        if not proposal:
            raise _nothing_corrected()
        if "quotes" in proposal or "remove_attachments" in proposal:
            raise Refusal(
                _("Perubahan kutipan atau lampiran adalah koreksi besar: ajukan sebagai koreksi besar."),
                field="kind",
                code="major_required",
            )
        base = _latest_revision_number(locked)
        revision = _apply_proposal(locked, actor, proposal, note=change_note)
        correction = ReleaseCorrection.objects.create(
            release=locked,
            note=change_note,
            kind=C.Kind.MINOR,
            status=C.Status.APPROVED,
            proposed=proposal,
            base_revision=base,
            revision=revision,
            created_by=actor,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        return {
            "note": change_note,
            "revision": revision.number,
            "kind": C.Kind.MINOR,
            "correction": correction.pk,
            "fields": sorted(proposal),
        }

    return WF.run("correct", release, actor=actor, change=change, inputs={"change_note": change_note})


def release_correction_propose(
    *,
    release,
    actor,
    change_note,
    data,
    quotes=None,
    contacts=None,
    captions=None,
    remove_attachments=(),
    new_attachments=(),
):
    """A major correction (facts, figures, quotes): kept as a proposal, the published version
    untouched, until someone other than the proposer approves it. `new_attachments` are dicts
    {"file", "title", "content_type", "size"} of checked uploads. Returns the correction."""
    change_note = plain_text(change_note or "").strip()
    new_attachments = [a for a in new_attachments if a.get("file")]
    made = {}

    def change(locked):
        proposal = _correction_proposal(
            locked,
            data=data,
            quotes=quotes,
            contacts=contacts,
            captions=captions,
            remove_attachments=remove_attachments,
        )
        if not proposal and not new_attachments:
            raise _nothing_corrected()
        correction = ReleaseCorrection.objects.create(
            release=locked,
            note=change_note,
            kind=C.Kind.MAJOR,
            status=C.Status.PENDING,
            proposed=proposal,
            base_revision=_latest_revision_number(locked),
            created_by=actor,
        )
        for attachment in new_attachments:
            ReleaseCorrectionAttachment.objects.create(
                correction=correction,
                file=attachment["file"],
                title=plain_text(attachment.get("title") or "").strip()[:200]
                or str(attachment["file"].name).rsplit("/", 1)[-1][:200],
                content_type=attachment.get("content_type") or "",
                size=attachment.get("size") or 0,
            )
        made["correction"] = correction
        return {
            "note": change_note,
            "kind": C.Kind.MAJOR,
            "correction": correction.pk,
            "fields": sorted(proposal) + (["new_attachments"] if new_attachments else []),
        }

    with transaction.atomic():
        locked = WF.run(
            "propose_correction", release, actor=actor, change=change, inputs={"change_note": change_note}
        )
        correction = made["correction"]
        _notify_correction_reviewers(locked, correction, actor)
    return correction


def _notify_correction_reviewers(release, correction, actor):
    from .selectors import correction_reviewers, staff_absolute_url

    notification_send(
        recipients=correction_reviewers(correction),
        subject=_("Mohon persetujuan koreksi: %(title)s") % {"title": release.title},
        body=_(
            "%(proposer)s mengusulkan koreksi besar pada siaran pers “%(title)s”:\n%(note)s\n\n"
            "Versi yang terbit tidak berubah sampai koreksi disetujui. Tinjau:\n%(url)s\n"
        )
        % {
            "proposer": _person(actor),
            "title": release.title,
            "note": correction.note,
            "url": staff_absolute_url(release),
        },
        kind="release.correction_review",
        obj=release,
    )


def _notify_proposer(correction, *, subject, body, reviewer, comment):
    from .selectors import staff_absolute_url

    if correction.created_by is None:
        return
    notification_send(
        recipients=[correction.created_by],
        subject=subject % {"title": correction.release.title},
        body=body
        % {
            "title": correction.release.title,
            "reviewer": _person(reviewer),
            "comment": comment or "-",
            "note": correction.note,
            "url": staff_absolute_url(correction.release),
        },
        kind="release.correction_decided",
        obj=correction.release,
    )


def release_correction_approve(*, correction, actor, comment=""):
    """Apply a pending major correction (a second person: never its proposer). Refused when the
    release changed since the proposal (approving it would undo that change)."""
    comment = plain_text(comment or "").strip()

    def change(locked):
        release = _lock(locked.release)
        if locked.base_revision is not None and _latest_revision_number(release) != locked.base_revision:
            raise Refusal(
                _(
                    "Siaran pers sudah berubah sejak koreksi ini diusulkan; tolak koreksi ini dan "
                    "usulkan lagi berdasarkan versi terbaru."
                ),
                code="stale",
            )
        revision = _apply_proposal(
            release,
            actor,
            locked.proposed,
            note=locked.note,
            new_attachments=list(locked.new_attachments.all()),
        )
        locked.revision = revision
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_comment = comment
        # The release's own trail shows the content change too, beside the correction's decision.
        audit_record(
            actor=actor,
            action="release.correct",
            obj=release,
            data={"kind": C.Kind.MAJOR, "correction": locked.pk, "revision": revision.number},
        )
        return {"release": release.pk, "revision": revision.number, "comment": comment}

    with transaction.atomic():
        correction = CORRECTION_WORKFLOW.run(
            "approve",
            correction,
            actor=actor,
            change=change,
            fields=["revision", "decided_by", "decided_at", "decision_comment"],
        )
        _notify_proposer(
            correction,
            subject=_("Koreksi disetujui: %(title)s"),
            body=_(
                "Koreksi Anda pada “%(title)s” disetujui oleh %(reviewer)s dan kini tampil di halaman "
                "publik.\n\nCatatan koreksi: %(note)s\nCatatan peninjau: %(comment)s\n\n%(url)s\n"
            ),
            reviewer=actor,
            comment=comment,
        )
    return correction


def release_correction_reject(*, correction, actor, reason):
    """Refuse a pending major correction: the published version stays; the proposer is told why."""
    reason = plain_text(reason or "").strip()

    def change(locked):
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_comment = reason
        return {"reason": reason, "release": locked.release_id}

    with transaction.atomic():
        correction = CORRECTION_WORKFLOW.run(
            "reject",
            correction,
            actor=actor,
            change=change,
            fields=["decided_by", "decided_at", "decision_comment"],
            inputs={"reason": reason},
        )
        _notify_proposer(
            correction,
            subject=_("Koreksi ditolak: %(title)s"),
            body=_(
                "Koreksi Anda pada “%(title)s” ditolak oleh %(reviewer)s; versi yang terbit tetap "
                "berlaku.\n\nCatatan koreksi: %(note)s\nAlasan penolakan: %(comment)s\n\n%(url)s\n"
            ),
            reviewer=actor,
            comment=reason,
        )
    return correction


# --- embargo, schedule and the way back ----------------------------------------------------------
def _iso(value):
    return value.isoformat() if value else None


def release_timing_change(*, release, actor, embargo_until, publish_at, reason):
    """Move the embargo and/or the publication time of an approved or scheduled release (with a
    reason, audited). A release scheduled for the end of its embargo (how "Terbitkan" schedules
    an embargoed release) follows the embargo when only the embargo is moved."""
    reason = plain_text(reason or "").strip()
    with transaction.atomic():
        current = _lock(release)
        if (
            current.status == S.SCHEDULED
            and current.embargo_until
            and current.publish_at == current.embargo_until
            and publish_at == current.publish_at
            and embargo_until is not None
        ):
            publish_at = embargo_until

        def change(locked):
            before = {"embargo_until": _iso(locked.embargo_until), "publish_at": _iso(locked.publish_at)}
            locked.embargo_until = embargo_until
            locked.publish_at = publish_at
            after = {"embargo_until": _iso(embargo_until), "publish_at": _iso(publish_at)}
            return {"reason": reason, "before": before, "after": after}

        return WF.run(
            "change_timing",
            current,
            actor=actor,
            change=change,
            fields=["embargo_until", "publish_at"],
            inputs={"reason": reason, "embargo_until": embargo_until, "publish_at": publish_at},
        )


def release_embargo_lift(*, release, actor, reason):
    """End the embargo now: the release may be reported at once (a schedule, if any, stays)."""
    reason = plain_text(reason or "").strip()

    def change(locked):
        before = locked.embargo_until
        locked.embargo_until = None
        return {"reason": reason, "embargo_until": _iso(before)}

    return WF.run(
        "lift_embargo",
        release,
        actor=actor,
        change=change,
        fields=["embargo_until"],
        inputs={"reason": reason},
    )


def release_unapprove(*, release, actor, reason):
    """Back to draft from approved or scheduled (a schedule is dropped with it). The next approval
    is a review again: submitted anew, and taken by a second pair of eyes (the workflow's rule)."""
    reason = plain_text(reason or "").strip()

    def change(locked):
        data = {"reason": reason, "publish_at": _iso(locked.publish_at), "approved_by": locked.approved_by_id}
        locked.review_comment = reason
        locked.approved_by = None
        return data

    with transaction.atomic():
        release = WF.run(
            "unapprove",
            release,
            actor=actor,
            change=change,
            fields=["review_comment", "approved_by"],
            inputs={"reason": reason},
        )
        _notify_author(
            release,
            kind="release.unapproved",
            subject=_("Siaran pers dikembalikan ke draf: %(title)s") % {"title": release.title},
            body=_(
                "Siaran pers “%(title)s” yang sudah disetujui dikembalikan ke draf oleh %(reviewer)s.\n\n"
                "Alasan:\n%(comment)s\n\nBuka: %(url)s\n"
            ),
            reviewer=actor,
            comment=reason,
        )
    return release


def release_force_publish(*, release, actor, reason):
    """Publish now, ahead of the embargo or the schedule (Kepala Humas, with a reason): the
    embargo ends with it, or the public page would stay closed."""
    reason = plain_text(reason or "").strip()

    def change(locked):
        now = timezone.now()
        data = {
            "reason": reason,
            "embargo_until": _iso(locked.embargo_until),
            "publish_at": _iso(locked.publish_at),
        }
        locked.embargo_until = None
        locked.publish_at = now
        locked.published_at = now
        return data

    return WF.run(
        "force_publish",
        release,
        actor=actor,
        change=change,
        fields=["embargo_until", "publish_at", "published_at"],
        inputs={"reason": reason},
    )


def release_withdraw(*, release, actor, reason):
    reason = plain_text(reason or "").strip()

    def change(locked):
        locked.withdrawn_reason = reason
        locked.withdrawn_at = timezone.now()
        return {"reason": reason}

    return WF.run(
        "withdraw",
        release,
        actor=actor,
        change=change,
        fields=["withdrawn_reason", "withdrawn_at"],
        inputs={"reason": reason},
    )


def release_unpublish(*, release, actor, reason=""):
    """Take the page down entirely (Kepala Humas only): the public URL answers 410 Gone."""
    reason = plain_text(reason or "").strip()

    def change(locked):
        locked.unpublished_at = timezone.now()
        locked.unpublished_reason = reason
        return {"reason": reason}

    return WF.run(
        "unpublish", release, actor=actor, change=change, fields=["unpublished_at", "unpublished_reason"]
    )


def release_photo_update(*, photo, actor, alt, caption, credit=None):
    """Alt text, caption (and credit) of one photo, saved in place from the edit form: the same
    permission and editability as a full save, audited with what changed."""
    actor_require(actor, CHANGE_RELEASE)
    alt = plain_line(alt or "")[:250]
    caption = plain_line(caption or "")[:300]
    credit = None if credit is None else plain_line(credit)[:150]
    if not alt:
        raise Refusal(_("Setiap foto wajib memiliki teks alternatif."), field="alt")
    with transaction.atomic():
        release = _lock(photo.release)
        _require_editable(release, actor)
        locked = ReleasePhoto.objects.select_for_update().get(pk=photo.pk, release=release)
        before = {"alt": locked.alt, "caption": locked.caption, "credit": locked.credit}
        locked.alt, locked.caption = alt, caption
        if credit is not None:
            locked.credit = credit
        after = {"alt": locked.alt, "caption": locked.caption, "credit": locked.credit}
        if after == before:
            return locked
        locked.save(update_fields=["alt", "caption", "credit"])
        changed = {k: {"from": before[k], "to": after[k]} for k in after if after[k] != before[k]}
        audit_record(
            actor=actor,
            action="release.photo_update",
            obj=release,
            data={"photo": locked.pk, "changed": changed},
        )
    return locked


def release_share_links_revoke(*, release, actor):
    """Every share-preview link of the release handed out so far stops working (the counter is
    part of Release.link_revision); the staff page then shows a fresh link."""
    actor_require(actor, CHANGE_RELEASE)
    with transaction.atomic():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        locked.share_links_revoked += 1
        locked.save(update_fields=["share_links_revoked"])
        audit_record(
            actor=actor,
            action="release.share_revoke",
            obj=locked,
            data={"revoked": locked.share_links_revoked},
        )
    release.share_links_revoked = locked.share_links_revoked
    return locked


# --- embargo room --------------------------------------------------------------------------------
def embargo_room_opening_record(*, access, what, item=""):
    """Log one look into the embargo room (the signed link is the journalist's permission; the
    row, not the audit log, is the record: one per opening, listed on the staff page). A staff
    member opening a test mail's link is not a journalist and is not logged."""
    from .models import EmbargoRoomOpening

    if access.journalist_id is None:
        return None
    opening = EmbargoRoomOpening.objects.create(
        release=access.release,
        journalist_id=access.journalist_id,
        delivery_id=access.delivery_id,
        what=what,
        item=(item or "")[:250],
    )
    # The send's report counts openings in aggregate (the room page, and the kit from it).
    if access.delivery_id and what in (EmbargoRoomOpening.What.PAGE, EmbargoRoomOpening.What.KIT):
        from distribution.engagement import engagement_record
        from distribution.selectors import delivery_distribution_id

        distribution_id = delivery_distribution_id(access.delivery_id)
        if distribution_id:
            engagement_record(
                distribution_id=distribution_id,
                what="embargo_room" if what == EmbargoRoomOpening.What.PAGE else "presskit",
            )
    return opening


def embargo_room_revoke(*, release, journalist, actor):
    """The journalist's embargo-room link to this release answers 404 from now on."""
    from .models import EmbargoRoomRevocation

    actor_require(actor, CHANGE_RELEASE)
    with transaction.atomic():
        revocation, created = EmbargoRoomRevocation.objects.get_or_create(
            release=release, journalist=journalist, defaults={"revoked_by": actor}
        )
        if not created:
            raise Refusal(_("Tautan ruang embargo wartawan ini sudah dicabut."), code="already_revoked")
        audit_record(
            actor=actor,
            action="release.embargo_room_revoke",
            obj=release,
            data={"journalist": journalist.pk},
        )
    return revocation


def embargo_room_restore(*, release, journalist, actor):
    """Undo a revoke: the journalist's link opens the room again."""
    from .models import EmbargoRoomRevocation

    actor_require(actor, CHANGE_RELEASE)
    with transaction.atomic():
        deleted, _rows = EmbargoRoomRevocation.objects.filter(release=release, journalist=journalist).delete()
        if not deleted:
            raise Refusal(_("Tautan ruang embargo wartawan ini tidak sedang dicabut."), code="not_revoked")
        audit_record(
            actor=actor,
            action="release.embargo_room_restore",
            obj=release,
            data={"journalist": journalist.pk},
        )
