"""The kernel's own workflow: a pending grant of a high role waits for a second Kepala Humas."""

from django.utils.translation import gettext_lazy as _

from .models import RoleGrant
from .permissions import APPROVE_ROLE_GRANT
from .workflow import Transition, Workflow

S = RoleGrant.Status

ROLE_GRANT_WORKFLOW = Workflow(
    RoleGrant,
    transitions=[
        Transition(
            "approve",
            source=[S.PENDING],
            target=S.APPROVED,
            permission=APPROVE_ROLE_GRANT,
            label=_("Setujui"),
            action="role_grant.approve",
            four_eyes=True,
        ),
        Transition(
            "reject",
            source=[S.PENDING],
            target=S.REJECTED,
            permission=APPROVE_ROLE_GRANT,
            label=_("Tolak"),
            action="role_grant.reject",
        ),
    ],
    author_field="requested_by",
)
