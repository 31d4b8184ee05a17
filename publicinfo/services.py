"""Every write of public information: keyword-only, an actor, one transaction, one audit entry,
and the public page cache bumped after commit (the lists and the home page show documents)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.access import actor_require
from kernel.audit import audit_record
from kernel.pagecache import public_cache_bump
from kernel.refusal import Refusal
from kernel.text import unique_slug

from . import permissions as perms
from .files import validate_document_file
from .models import PublicDocument, Spokesperson
from .workflows import DOCUMENT_WORKFLOW

S = PublicDocument.Status


def _unique_slug(title, exclude_pk=None):
    return unique_slug(
        PublicDocument.objects.all(), title, max_length=100, fallback="dokumen", exclude_pk=exclude_pk
    )


def _check_file(upload):
    try:
        return validate_document_file(upload)
    except ValidationError as exc:
        raise Refusal(" ".join(exc.messages), field="file", code="file") from exc


def _fields(data):
    title = (data.get("title") or "").strip()
    if not title:
        raise Refusal(_("Judul wajib diisi."), field="title")
    return {
        "title": title[:250],
        "category": data["category"],
        "date": data["date"],
        "description": (data.get("description") or "").strip(),
    }


def document_create(*, actor, data, upload, publish=False):
    actor_require(actor, perms.ADD_DOCUMENT)
    if publish:
        actor_require(actor, perms.PUBLISH_DOCUMENT)
    kind = _check_file(upload)
    fields = _fields(data)
    with transaction.atomic():
        doc = PublicDocument(
            **fields,
            slug=_unique_slug(fields["title"]),
            created_by=actor,
            file_type=kind,
            file_size=upload.size,
            status=S.PUBLISHED if publish else S.DRAFT,
            published_at=timezone.now() if publish else None,
        )
        doc.file.save(upload.name, upload, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action="publicinfo.document_create",
            obj=doc,
            to_state=doc.status,
            data={"category": doc.category, "file_type": kind, "size": upload.size},
        )
        transaction.on_commit(public_cache_bump)
    return doc


def document_update(*, actor, document, data, upload=None):
    actor_require(actor, perms.CHANGE_DOCUMENT)
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


def document_publish(*, actor, document):
    """Put a draft on the public pages (the cache is bumped after commit)."""

    def change(doc):
        doc.published_at = timezone.now()

    return DOCUMENT_WORKFLOW.run("publish", document, actor=actor, change=change, fields=["published_at"])


def document_unpublish(*, actor, document):
    """Take a document off the public pages; its first publication date is kept."""
    return DOCUMENT_WORKFLOW.run("unpublish", document, actor=actor)


def document_set_published(*, actor, document, published):
    """The publish button's service: a document already in the wanted state is left as it is (a
    double click writes nothing), otherwise the workflow's publish or unpublish move runs."""
    actor_require(actor, perms.PUBLISH_DOCUMENT)
    current = PublicDocument.objects.only("status").get(pk=document.pk)
    if current.is_published == published:
        document.refresh_from_db()
        return document
    move = document_publish if published else document_unpublish
    return move(actor=actor, document=document)


SPOKESPERSON_FIELDS = ("name", "position", "topics", "phone", "email", "order", "is_active")


def spokesperson_save(*, actor, data, spokesperson=None):
    actor_require(actor, perms.CHANGE_SPOKESPERSON if spokesperson else perms.ADD_SPOKESPERSON)
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
    actor_require(actor, perms.DELETE_SPOKESPERSON)
    with transaction.atomic():
        audit_record(actor=actor, action="publicinfo.spokesperson_delete", obj=spokesperson)
        spokesperson.delete()
        transaction.on_commit(public_cache_bump)
