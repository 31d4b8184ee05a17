"""Every write of public information: keyword-only, an actor, one transaction, one audit entry,
and the public page cache bumped after commit (the lists and the home page show documents)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kernel.audit import audit_record
from kernel.pagecache import public_cache_bump

from .files import validate_document_file
from .models import PublicDocument, Spokesperson


class PublicInfoError(Exception):
    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def _require(actor, perm):
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(perm)):
        raise PublicInfoError(_("Anda tidak berwenang melakukan tindakan ini."))


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:100] or "dokumen"
    slug, n = base, 2
    qs = PublicDocument.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_file(upload):
    try:
        return validate_document_file(upload)
    except ValidationError as exc:
        raise PublicInfoError(" ".join(exc.messages)) from exc


def _fields(data):
    title = (data.get("title") or "").strip()
    if not title:
        raise PublicInfoError(_("Judul wajib diisi."))
    return {
        "title": title[:250],
        "category": data["category"],
        "date": data["date"],
        "description": (data.get("description") or "").strip(),
    }


def document_create(*, actor, data, upload, publish=False):
    _require(actor, "publicinfo.add_publicdocument")
    if publish:
        _require(actor, "publicinfo.publish_publicdocument")
    kind = _check_file(upload)
    fields = _fields(data)
    with transaction.atomic():
        doc = PublicDocument(
            **fields,
            slug=_unique_slug(fields["title"]),
            created_by=actor,
            file_type=kind,
            file_size=upload.size,
            is_published=publish,
            published_at=timezone.now() if publish else None,
        )
        doc.file.save(upload.name, upload, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action="publicinfo.document_create",
            obj=doc,
            to_state="published" if publish else "draft",
            data={"category": doc.category, "file_type": kind, "size": upload.size},
        )
        transaction.on_commit(public_cache_bump)
    return doc


def document_update(*, actor, document, data, upload=None):
    _require(actor, "publicinfo.change_publicdocument")
    kind = _check_file(upload) if upload is not None else None
    fields = _fields(data)
    with transaction.atomic():
        doc = PublicDocument.objects.select_for_update().get(pk=document.pk)
        changed = sorted(k for k, v in fields.items() if getattr(doc, k) != v)
        for key, value in fields.items():
            setattr(doc, key, value)
        if upload is not None:
            doc.file.save(upload.name, upload, save=False)
            doc.file_type, doc.file_size = kind, upload.size
            changed.append("file")
        doc.save()
        audit_record(actor=actor, action="publicinfo.document_update", obj=doc, data={"changed": changed})
        transaction.on_commit(public_cache_bump)
    return doc


def document_set_published(*, actor, document, published):
    _require(actor, "publicinfo.publish_publicdocument")
    with transaction.atomic():
        doc = PublicDocument.objects.select_for_update().get(pk=document.pk)
        if doc.is_published == published:
            return doc
        before = "published" if doc.is_published else "draft"
        doc.is_published = published
        if published:
            doc.published_at = timezone.now()
        doc.save(update_fields=["is_published", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="publicinfo.document_publish" if published else "publicinfo.document_unpublish",
            obj=doc,
            from_state=before,
            to_state="published" if published else "draft",
        )
        transaction.on_commit(public_cache_bump)
    return doc


SPOKESPERSON_FIELDS = ("name", "position", "topics", "phone", "email", "order", "is_active")


def spokesperson_save(*, actor, data, spokesperson=None):
    _require(actor, "publicinfo.change_spokesperson" if spokesperson else "publicinfo.add_spokesperson")
    with transaction.atomic():
        person = (
            Spokesperson.objects.select_for_update().get(pk=spokesperson.pk)
            if spokesperson
            else Spokesperson()
        )
        for key in SPOKESPERSON_FIELDS:
            if key in data:
                setattr(person, key, data[key])
        person.save()
        audit_record(
            actor=actor,
            action="publicinfo.spokesperson_update" if spokesperson else "publicinfo.spokesperson_create",
            obj=person,
        )
        transaction.on_commit(public_cache_bump)
    return person


def spokesperson_delete(*, actor, spokesperson):
    _require(actor, "publicinfo.delete_spokesperson")
    with transaction.atomic():
        audit_record(actor=actor, action="publicinfo.spokesperson_delete", obj=spokesperson)
        spokesperson.delete()
        transaction.on_commit(public_cache_bump)
