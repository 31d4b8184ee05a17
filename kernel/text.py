"""Plain text and slugs, one helper each.

The rule for plain text (not rich text, which kernel.sanitize cleans): it is stored as typed,
less control characters, and escaped once where it is shown (Django's autoescape, the mail and
.ics writers). Single-line fields (titles, names, subjects, venues) also lose line breaks: a CR
or LF in a title must never reach a mail header.
"""

import html as html_lib
import re

from django.utils.html import strip_tags
from django.utils.text import slugify

# C0 controls other than tab and newline, DEL, C1 controls; and the Unicode line/paragraph
# separators that mail clients and spreadsheets treat as line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def plain_text(value):
    """Multi-line plain text: control characters removed, CRLF/CR made LF, nothing escaped."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def plain_line(value):
    """Single-line plain text: line breaks become one space, control characters removed."""
    if value is None:
        return ""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value))).strip()


_TABLE = re.compile(r"<table[^>]*>(.*?)</table>", re.I | re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.I | re.S)
_CELL = re.compile(r"<t([dh])[^>]*>(.*?)</t\1>", re.I | re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.I | re.S)


def _table_to_text(match):
    """One table as text: its caption, then one line per row with the cells between " | ".
    A cell's own paragraphs and line breaks become spaces, so a row never spills over lines
    (a text/plain reader must see "Citarum | 800 | 4", not "Citarum8004" or a cell per line)."""
    inner = match.group(1)
    lines = []
    caption = _CAPTION.search(inner)
    if caption:
        lines.append(_one_line(caption.group(1)))
    for row in _ROW.findall(inner):
        cells = [_one_line(cell) for _tag, cell in _CELL.findall(row)]
        if any(cells):
            lines.append(" | ".join(cells))
    # Escaped again: the text goes back through the rest of html_to_text, which unescapes once.
    return "\n\n" + html_lib.escape("\n".join(lines), quote=False) + "\n\n"


def _one_line(fragment):
    return re.sub(r"\s+", " ", html_to_text(fragment)).strip()


# What the old escape-on-save (nh3 on plain text) and Django's escape() wrote: exactly these
# five entities, so only they are undone (a typed "&copy" or "&nbsp;" stays as it was).
_ESCAPED_ENTITY = re.compile(r"&(amp|lt|gt|quot|#x27|#39);")
ESCAPED_MARKERS = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;")


def looks_escaped(value):
    """True when a stored plain-text value carries an HTML entity the old escape-on-save wrote."""
    return isinstance(value, str) and bool(_ESCAPED_ENTITY.search(value))


def unescape_stored(value):
    """Undo one round of HTML escaping in a stored plain-text value (the data repair of
    escape-on-save). Values that do not look escaped are returned unchanged."""
    if not looks_escaped(value):
        return value
    return html_lib.unescape(value)


def html_to_text(html):
    """Plain text of sanitised rich text, for text/plain parts, search and summaries: block ends
    become blank lines, list items get a dash, table cells are separated and each table row is
    a line, links keep their address."""
    text = html or ""
    text = _TABLE.sub(_table_to_text, text)
    text = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", text, flags=re.I | re.S)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</(p|h[1-6]|li|blockquote|ul|ol|div|figcaption)>", "\n\n", text, flags=re.I)
    text = html_lib.unescape(strip_tags(text))
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
    return text.strip()


def unique_slug(queryset, text, *, field="slug", max_length=240, fallback="item", exclude_pk=None):
    """A slug of `text` not yet used in `queryset` (by `field`): "banjir", "banjir-2", ..."""
    base = slugify(text)[:max_length].strip("-") or fallback
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug
