"""The public-information section of "Pekerjaan saya" (kernel.worklist). Documents have no
review step (PPID publishes its own drafts), so what waits for the publisher is every draft."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.worklist import APPROVAL, WorkItem, work_register

from . import permissions as perms
from . import selectors


def _item(document):
    who = document.created_by.get_full_name() or document.created_by.get_username()
    return WorkItem(
        title=document.title,
        url=reverse("staff_publicinfo:edit", kwargs={"pk": document.pk}),
        note=_("%(category)s · disusun oleh %(who)s")
        % {"category": document.get_category_display(), "who": who},
        when=document.created_at,
        when_label=_("dibuat"),
    )


work_register(
    "publicinfo.drafts",
    label=gettext_lazy("Dokumen informasi publik belum terbit"),
    group=APPROVAL,
    order=30,
    url_name="staff_publicinfo:list",
    permission=perms.PUBLISH_DOCUMENT,
    queryset=lambda user: selectors.document_drafts(),
    item=_item,
    nav="staff_publicinfo:list",
    empty=gettext_lazy("Tidak ada dokumen yang menunggu terbit."),
)
