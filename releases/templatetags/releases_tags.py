from django import template
from django.utils.safestring import mark_safe

from kernel.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized(value):
    """Rich text is cleaned on save; cleaning again on render means a row written around the
    services (a raw UPDATE, an admin slip) still can't put script on a public page."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - nh3 output
