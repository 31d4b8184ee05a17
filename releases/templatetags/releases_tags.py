import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kernel.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized(value):
    """Rich text is cleaned on save; cleaning again on render means a row written around the
    services (a raw UPDATE, an admin slip) still can't put script on a public page."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - nh3 output


_TABLE_OPEN = re.compile(r"<table\b")
_TABLE_CLOSE = re.compile(r"</table>")


@register.filter
def scroll_tables(value):
    """Each table of sanitised rich text in its own scrolling box: a wide table scrolls inside
    the page on a phone instead of pushing the whole page sideways. The box takes keyboard focus
    (a region with a name), so it can be scrolled without a mouse. Runs on nh3's output, where
    "<" only ever opens a tag."""
    label = escape(_("Tabel, dapat digeser ke samping"))
    html = _TABLE_OPEN.sub(
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}"><table', str(value)
    )
    return mark_safe(_TABLE_CLOSE.sub("</table></div>", html))  # noqa: S308 - only our own tags added


@register.filter
def size_attrs(image):
    """` width="W" height="H"` of an uploaded image, so the browser reserves its box before it
    loads (no layout shift); nothing when the file can not be read (the page still renders)."""
    try:
        width, height = image.width, image.height
    except (OSError, ValueError, TypeError):
        return ""
    if not (width and height):
        return ""
    return mark_safe(f' width="{int(width)}" height="{int(height)}"')  # noqa: S308 - two integers
