"""The distribution section of "Pekerjaan saya" (kernel.worklist): sends running or failed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kernel.worklist import ATTENTION, WorkItem, work_register

from . import permissions as perms
from . import selectors


def _item(distribution):
    notes = [distribution.get_status_display()]
    if distribution.n_failed:
        notes.append(
            ngettext("%(n)s penerima gagal", "%(n)s penerima gagal", distribution.n_failed)
            % {"n": distribution.n_failed}
        )
    return WorkItem(
        title=str(distribution),
        url=distribution.get_absolute_url(),
        note=" · ".join(str(n) for n in notes),
        when=distribution.started_at or distribution.created_at,
        when_label=_("mulai"),
        overdue=bool(distribution.n_failed),
        flag=_("gagal") if distribution.n_failed else "",
    )


work_register(
    "distribution.attention",
    label=gettext_lazy("Pengiriman berjalan atau gagal"),
    group=ATTENTION,
    order=40,
    url_name="staff_distribution:list",
    permission=perms.VIEW_DISTRIBUTION,
    queryset=lambda user: selectors.distributions_needing_attention(),
    item=_item,
    nav="staff_distribution:list",
    empty=gettext_lazy("Tidak ada pengiriman yang berjalan atau gagal."),
)
