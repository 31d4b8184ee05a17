from .navigation import staff_nav_for
from .roles import ROLE_LABELS, user_roles
from .selectors import organisation_profile_get


def humas(request):
    user = getattr(request, "user", None)
    context = {"org": organisation_profile_get()}
    if user is not None and user.is_authenticated:
        roles = user_roles(user)
        context["staff_nav"] = staff_nav_for(user)
        context["user_role_labels"] = [ROLE_LABELS[r] for r in roles]
    return context
