"""Access helpers for the staff area. Anyone without a role is told the page does not exist (404),
never that it is forbidden: the staff area's shape is not public information."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .roles import user_has_role, user_is_staff_member


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def permission_required_404(perm):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def actor_may(actor, permission):
    """Whether `actor` (a user, or a string such as "system:beat") holds `permission`."""
    return bool(
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(permission)
    )


def actor_require(actor, permission):
    """The one permission check of services: a Refusal (never PermissionDenied) when `actor`
    lacks `permission`. Views answer 404 before this; the service checks again because a hidden
    button is not a rule (admin, shell, API and tasks call services too)."""
    from django.utils.translation import gettext as _

    from .refusal import Refusal

    if not actor_may(actor, permission):
        raise Refusal(_("Anda tidak berwenang melakukan tindakan ini."), code="permission")
