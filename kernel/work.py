"""The kernel's own work section (kernel.worklist): role grants waiting for a second Kepala."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import RoleGrant
from .permissions import APPROVE_ROLE_GRANT
from .workflow import second_pair_of_eyes_queryset
from .worklist import APPROVAL, WorkItem, work_register


def _pending_grants(user):
    from .workflows import ROLE_GRANT_WORKFLOW

    pending = RoleGrant.objects.filter(status=RoleGrant.Status.PENDING).select_related("user", "requested_by")
    # The requester is never the one who approves (the workflow's four-eyes rule, in SQL).
    return second_pair_of_eyes_queryset(ROLE_GRANT_WORKFLOW, pending.order_by("created_at", "pk"), user)


def _grant_item(grant):
    who = grant.requested_by.get_full_name() or grant.requested_by.get_username()
    return WorkItem(
        title=f"{grant.get_action_display()}: {grant.role} — {grant.user.get_full_name() or grant.user.get_username()}",
        url=reverse("admin:kernel_rolegrant_change", args=[grant.pk]),
        note=_("diajukan oleh %(who)s") % {"who": who},
        when=grant.created_at,
    )


work_register(
    "kernel.role_grants",
    label=gettext_lazy("Permintaan peran"),
    group=APPROVAL,
    order=90,
    url_name="admin:kernel_rolegrant_changelist",
    permission=APPROVE_ROLE_GRANT,
    queryset=_pending_grants,
    item=_grant_item,
    nav="admin:auth_user_changelist",
    empty=gettext_lazy("Tidak ada permintaan peran."),
)
