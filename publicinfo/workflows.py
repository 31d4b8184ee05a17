"""The life of a public document, declared once (kernel.workflow): draft ⇄ published. The services
run these moves; the staff page draws its button from the same declaration. Both moves change
what the public pages show, so both bump the public page cache after commit."""

from django.utils.translation import gettext_lazy as _

from kernel.workflow import Transition, Workflow

from . import permissions as perms
from .models import PublicDocument

S = PublicDocument.Status


def _bump_public_cache(document, actor):
    from kernel.pagecache import public_cache_bump

    public_cache_bump()


DOCUMENT_WORKFLOW = Workflow(
    PublicDocument,
    transitions=[
        Transition(
            "publish",
            source=[S.DRAFT],
            target=S.PUBLISHED,
            permission=perms.PUBLISH_DOCUMENT,
            label=_("Terbitkan"),
            action="publicinfo.document_publish",
            effects=[_bump_public_cache],
        ),
        Transition(
            "unpublish",
            source=[S.PUBLISHED],
            target=S.DRAFT,
            permission=perms.PUBLISH_DOCUMENT,
            label=_("Tarik dari halaman publik"),
            action="publicinfo.document_unpublish",
            effects=[_bump_public_cache],
            dangerous=True,
        ),
    ],
)
