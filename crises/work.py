"""The crisis sections of "Pekerjaan saya" (kernel.worklist): holding statements waiting for
this approver, drafts sent back to their drafter, overdue public updates and overdue inquiries."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.text import plain_line
from kernel.worklist import APPROVAL, ATTENTION, RETURNED, WorkItem, work_register

from . import permissions as perms
from . import selectors

NAV = "staff_crises:list"


def _statement_url(statement):
    return reverse("staff_crises:statement_detail", kwargs={"pk": statement.pk})


def _awaiting_item(statement):
    # The incident's clock keeps running while the statement waits: its due time is shown.
    incident = statement.incident
    return WorkItem(
        title=statement.title,
        url=_statement_url(statement),
        note=_("Insiden: %(incident)s") % {"incident": incident.title},
        when=incident.next_update_due_at,
        when_label=_("pembaruan publik berikutnya"),
        overdue=incident.is_update_overdue,
    )


def _returned_item(statement):
    return WorkItem(
        title=statement.title,
        url=_statement_url(statement),
        note=_("Catatan penyetuju: %(note)s") % {"note": plain_line(statement.rejection_comment)[:160]},
    )


def _incident_item(incident):
    return WorkItem(
        title=incident.title,
        url=reverse("staff_crises:detail", kwargs={"pk": incident.pk}),
        note=_("Tingkat %(severity)s · %(owner)s")
        % {
            "severity": incident.severity,
            "owner": incident.owner.get_full_name() or incident.owner.get_username(),
        },
        when=incident.next_update_due_at,
        when_label=_("pembaruan jatuh tempo"),
        overdue=True,
    )


def _inquiry_item(inquiry):
    return WorkItem(
        title=f"{inquiry.who}: {plain_line(inquiry.question)[:90]}",
        url=reverse("staff_crises:inquiry_edit", kwargs={"pk": inquiry.pk}),
        note=inquiry.outlet_name or (inquiry.incident.title if inquiry.incident_id else ""),
        when=inquiry.deadline,
        when_label=_("tenggat"),
        overdue=True,
    )


work_register(
    "crises.statements_awaiting",
    label=gettext_lazy("Pernyataan"),
    group=APPROVAL,
    order=20,
    url_name="staff_crises:statement_queue",
    permission=perms.APPROVE_STATEMENT,
    queryset=lambda user: selectors.statement_approval_queue(user=user),
    item=_awaiting_item,
    nav=NAV,
    empty=gettext_lazy("Tidak ada pernyataan yang menunggu persetujuan Anda."),
)
work_register(
    "crises.statements_returned",
    label=gettext_lazy("Pernyataan"),
    group=RETURNED,
    order=20,
    url_name="staff_crises:statement_queue",
    permission=perms.CHANGE_STATEMENT,
    queryset=lambda user: selectors.statements_returned_to(user=user),
    item=_returned_item,
    nav=NAV,
    empty=gettext_lazy("Tidak ada pernyataan Anda yang dikembalikan."),
)
work_register(
    "crises.updates_overdue",
    label=gettext_lazy("Pembaruan krisis terlambat"),
    group=ATTENTION,
    order=20,
    url_name=NAV,
    permission=perms.CHANGE_INCIDENT,
    queryset=lambda user: selectors.incidents_update_overdue(),
    item=_incident_item,
    nav=NAV,
    empty=gettext_lazy("Semua insiden terbuka diperbarui tepat waktu."),
)
work_register(
    "crises.inquiries_overdue",
    label=gettext_lazy("Pertanyaan media lewat tenggat"),
    group=ATTENTION,
    order=30,
    url_name="staff_crises:inquiry_list",
    permission=perms.CHANGE_MEDIAINQUIRY,
    queryset=lambda user: selectors.inquiries_overdue(),
    item=_inquiry_item,
    nav=NAV,
    empty=gettext_lazy("Tidak ada pertanyaan media yang lewat tenggat."),
)
