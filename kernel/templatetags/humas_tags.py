from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def wib(value, fmt="j F Y, H.i"):
    """A date-time in Jakarta time with the WIB suffix, in the active language's month names."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, fmt)} WIB"


@register.filter
def wib_date(value):
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y")


@register.simple_tag(takes_context=True)
def nav_active(context, url_name):
    match = getattr(context.get("request"), "resolver_match", None)
    if match and match.view_name == url_name:
        return "aria-current=page"
    return ""


@register.simple_tag(takes_context=True)
def workflow_actions(context, obj):
    """The names of the moves the signed-in user may make on `obj` now, from its declared
    workflow (kernel.workflow): `{% workflow_actions release as actions %}{% if "approve" in actions %}`."""
    from kernel.workflow import workflow_for

    workflow = workflow_for(obj)
    request = context.get("request")
    if workflow is None or request is None:
        return set()
    return workflow.action_names_for(obj, request.user)
