"""What a revision records and how two of them are compared, field by field.

A snapshot is plain data (JSON) of everything a reviewer approves: title, lead, body, category,
tags, language, embargo and publish times, the hero photo, the gallery, the attachments, the
contact persons and the quotes. The comparison of two snapshots gives one entry per field:
text fields as a word diff, values as old → new, lists item by item, and the tables of the body
cell by cell (a changed figure in a budget table must show as that cell, not as a reflowed
paragraph of numbers)."""

import difflib
import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.text import html_to_text

# The fields of a snapshot in the order the comparison shows them, with their labels.
SNAPSHOT_FIELDS = (
    ("title", gettext_lazy("Judul")),
    ("summary", gettext_lazy("Ringkasan/teras")),
    ("body", gettext_lazy("Isi")),
    ("category", gettext_lazy("Kategori")),
    ("tags", gettext_lazy("Tag")),
    ("language", gettext_lazy("Bahasa")),
    ("embargo_until", gettext_lazy("Embargo sampai")),
    ("publish_at", gettext_lazy("Terbit pada")),
    ("hero", gettext_lazy("Foto utama")),
    ("photos", gettext_lazy("Galeri foto")),
    ("attachments", gettext_lazy("Lampiran")),
    ("contacts", gettext_lazy("Narahubung")),
    ("quotes", gettext_lazy("Kutipan")),
)


def _when(value):
    return value.isoformat() if value else None


def release_snapshot(release):
    """Everything of `release` a reviewer compares, as JSON-ready data (read after a save, so the
    child rows are the saved ones)."""
    hero = None
    if release.hero_image:
        hero = {
            "image": release.hero_image.name,
            "alt": release.hero_alt,
            "caption": release.hero_caption,
            "credit": release.hero_credit,
        }
    return {
        "title": release.title,
        "summary": release.summary,
        "body": release.body,
        "category": release.category.name if release.category_id else "",
        "tags": sorted(t.name for t in release.tags.all()),
        "language": release.language,
        "embargo_until": _when(release.embargo_until),
        "publish_at": _when(release.publish_at),
        "hero": hero,
        "photos": [
            {"image": p.image.name, "alt": p.alt, "caption": p.caption, "credit": p.credit}
            for p in release.photos.order_by("order", "pk")
        ],
        "attachments": [
            {"file": a.file.name, "title": a.title, "size": a.size}
            for a in release.attachments.order_by("pk")
        ],
        "contacts": [
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            for c in release.contacts.order_by("order", "pk")
        ],
        "quotes": [
            {"speaker": q.speaker, "role": q.role, "text": q.text}
            for q in release.quotes.order_by("order", "pk")
        ],
    }


def revision_snapshot(revision):
    """The snapshot of a revision; for the oldest ones (before snapshots) what they recorded."""
    snap = dict(revision.snapshot or {})
    snap.setdefault("title", revision.title)
    snap.setdefault("summary", revision.summary)
    snap.setdefault("body", revision.body)
    extra = revision.extra or {}
    for key in ("quotes", "contacts"):
        if key not in snap and key in extra:
            snap[key] = extra[key]
    return snap


# --- words ---------------------------------------------------------------------------------------
def _words(text):
    return re.findall(r"\S+|\n", text or "")


def diff_words(old, new):
    """Word-level diff of two plain texts as safe HTML with <del>/<ins>."""
    a, b = _words(old), _words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


# --- tables --------------------------------------------------------------------------------------
class _TableReader(HTMLParser):
    """The tables of sanitised HTML as lists of rows of cell texts (nested tables are read as
    text of their cell)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._depth, self._row, self._cell = [], 0, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth == 1 and tag == "tr":
            self._row = []
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th") and self._cell is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif self._depth == 1 and tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


class _ImageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            self.images.append({"image": values.get("src") or "", "alt": (values.get("alt") or "").strip()})

    handle_startendtag = handle_starttag


def body_images(html):
    """The images of a body with their alt texts: a changed or new picture, or a changed alt,
    is a change a reviewer must see although the text stays the same."""
    reader = _ImageReader()
    reader.feed(html or "")
    reader.close()
    return reader.images


def body_tables(html):
    reader = _TableReader()
    reader.feed(html or "")
    reader.close()
    return reader.tables


def body_text_without_tables(html):
    """The body's text with its tables left out: they are compared on their own, cell by cell."""
    return html_to_text(re.sub(r"<table\b.*?</table>", "", html or "", flags=re.I | re.S))


def _cells_html(row, cls=""):
    tag = f'<tr class="{cls}">' if cls else "<tr>"
    return tag + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"


def diff_table(old_rows, new_rows):
    """One table's change, cell by cell: (safe HTML of the table, number of changed cells)."""
    out, changed = [], 0
    matcher = difflib.SequenceMatcher(
        a=[tuple(r) for r in old_rows], b=[tuple(r) for r in new_rows], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(_cells_html(r) for r in old_rows[i1:i2])
            continue
        olds, news = old_rows[i1:i2], new_rows[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for old, new in zip(olds[:paired], news[:paired], strict=True):
            cells = []
            for k in range(max(len(old), len(new))):
                a = old[k] if k < len(old) else ""
                b = new[k] if k < len(new) else ""
                if a == b:
                    cells.append(f"<td>{escape(a)}</td>")
                else:
                    changed += 1
                    cells.append(f'<td class="cell-changed">{diff_words(a, b)}</td>')
            out.append('<tr class="row-changed">' + "".join(cells) + "</tr>")
        for old in olds[paired:]:
            changed += len(old)
            out.append(_cells_html(old, "row-del"))
        for new in news[paired:]:
            changed += len(new)
            out.append(_cells_html(new, "row-ins"))
    html = '<table class="diff-table">' + "".join(out) + "</table>"
    return mark_safe(html), changed  # noqa: S308 - every cell escaped


# --- values and lists ----------------------------------------------------------------------------
def _display_time(value):
    moment = parse_datetime(value) if value else None
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") + " WIB"


def _file_label(name):
    return (name or "").rsplit("/", 1)[-1]


def _record_line(key, item):
    if key == "photos" or key == "hero":
        parts = [_file_label(item.get("image")), _("alt: %(alt)s") % {"alt": item.get("alt") or "—"}]
        if item.get("caption"):
            parts.append(_("keterangan: %(c)s") % {"c": item["caption"]})
        if item.get("credit"):
            parts.append(_("kredit: %(c)s") % {"c": item["credit"]})
        return " · ".join(parts)
    if key == "attachments":
        return f"{item.get('title')} ({_file_label(item.get('file'))}, {item.get('size') or 0} B)"
    if key == "contacts":
        return " · ".join(v for v in (item.get(f) for f in ("name", "role", "phone", "email")) if v)
    if key == "quotes":
        role = f" ({item['role']})" if item.get("role") else ""
        return f"{item.get('speaker')}{role}: {item.get('text')}"
    return str(item)


def _diff_lines(old_lines, new_lines):
    out = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(f"<li>{escape(line)}</li>" for line in old_lines[i1:i2])
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for a, b in zip(olds[:paired], news[:paired], strict=True):
            out.append(f'<li class="diff-chg">{diff_words(a, b)}</li>')
        out.extend(f'<li class="diff-del"><del>{escape(a)}</del></li>' for a in olds[paired:])
        out.extend(f'<li class="diff-ins"><ins>{escape(b)}</ins></li>' for b in news[paired:])
    if not out:
        return mark_safe(f'<p class="muted">{escape(_("(tidak ada)"))}</p>')  # noqa: S308
    return mark_safe('<ul class="diff-list">' + "".join(out) + "</ul>")  # noqa: S308 - escaped


def _value_text(key, value):
    if key in ("embargo_until", "publish_at"):
        return _display_time(value)
    if key == "language":
        return str(dict(settings.LANGUAGES).get(value, value or ""))
    if key == "tags":
        return ", ".join(value or [])
    return value or ""


def _diff_set(old, new):
    """Tags: each one kept, removed (struck) or added."""
    old, new = list(old or []), list(new or [])
    if not old and not new:
        return mark_safe(f'<span class="muted">{escape(_("(kosong)"))}</span>')  # noqa: S308
    parts = [escape(t) if t in old else f"<ins>{escape(t)}</ins>" for t in new]
    parts += [f"<del>{escape(t)}</del>" for t in old if t not in new]
    return mark_safe(", ".join(parts))  # noqa: S308 - every tag escaped


def _diff_value(old, new):
    if old == new:
        return mark_safe(escape(new) if new else f'<span class="muted">{escape(_("(kosong)"))}</span>')  # noqa: S308
    empty = escape(_("(kosong)"))
    return mark_safe(  # noqa: S308 - both sides escaped
        f"<del>{escape(old) if old else empty}</del> → <ins>{escape(new) if new else empty}</ins>"
    )


def snapshot_diff(old, new):
    """One entry per field of two snapshots: {"key", "label", "recorded", "changed", "html"}, plus
    "tables" for the body (each {"html", "changed"}). A field one of the two never recorded
    (revisions from before snapshots) is `recorded=False` and not compared."""
    entries = []
    for key, label in SNAPSHOT_FIELDS:
        entry = {"key": key, "label": label, "recorded": key in old and key in new, "changed": False}
        entries.append(entry)
        if not entry["recorded"]:
            entry["html"] = mark_safe(  # noqa: S308
                f'<p class="muted">{escape(_("Tidak tercatat pada revisi lama ini."))}</p>'
            )
            continue
        a, b = old[key], new[key]
        entry["changed"] = a != b
        if key in ("title", "summary"):
            entry["html"] = diff_words(a, b)
        elif key == "body":
            entry["html"] = diff_words(body_text_without_tables(a), body_text_without_tables(b))
            old_tables, new_tables = body_tables(a), body_tables(b)
            entry["tables"] = []
            for i in range(max(len(old_tables), len(new_tables))):
                html, changed = diff_table(
                    old_tables[i] if i < len(old_tables) else [], new_tables[i] if i < len(new_tables) else []
                )
                entry["tables"].append({"number": i + 1, "html": html, "changed": changed})
            old_images, new_images = body_images(a), body_images(b)
            if old_images or new_images:
                entry["images"] = _diff_lines(
                    [_record_line("photos", x) for x in old_images],
                    [_record_line("photos", x) for x in new_images],
                )
        elif key in ("photos", "attachments", "contacts", "quotes"):
            entry["html"] = _diff_lines(
                [_record_line(key, x) for x in a or []], [_record_line(key, x) for x in b or []]
            )
        elif key == "tags":
            entry["html"] = _diff_set(a, b)
        elif key == "hero":
            entry["html"] = _diff_lines(
                [_record_line(key, a)] if a else [], [_record_line(key, b)] if b else []
            )
        else:
            entry["html"] = _diff_value(_value_text(key, a), _value_text(key, b))
    return entries


def revision_diff(old_revision, new_revision):
    return snapshot_diff(revision_snapshot(old_revision), revision_snapshot(new_revision))
