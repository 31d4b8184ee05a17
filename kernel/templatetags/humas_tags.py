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
