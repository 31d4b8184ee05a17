"""Reads of public information: the documents the PPID uploads and the spokespersons. The
Informasi Publik list, which joins these documents with releases, statements and conferences,
is the public site's (portal.selectors)."""

from django.http import Http404

from . import permissions as perms
from .models import Category, PublicDocument, Spokesperson


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


def document_drafts():
    """Drafts not yet on the public pages, the oldest first."""
    return (
        PublicDocument.objects.filter(status=PublicDocument.Status.DRAFT)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


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


def document_media_access(storage_name, user):
    """A document's file: public once published, else only for those who manage documents."""
    document = PublicDocument.objects.filter(file=storage_name).first()
    if document is None:
        return None
    if document.is_published:
        return "public"
    return "allowed" if user.is_authenticated and user.has_perm(perms.VIEW_DOCUMENT) else None
