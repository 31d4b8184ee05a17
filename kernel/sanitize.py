"""The one HTML sanitiser. Everything rich-text (release bodies, statements) is cleaned here on
save, and templates render only what passed through it (see SanitizedHTMLField / `sanitized`)."""

import re
from html.parser import HTMLParser

import nh3

# Matches the CKEditor 5 toolbar configured in settings.CKEDITOR_5_CONFIGS: headings, paragraphs,
# bold/italic/underline/strike, lists, links, block quotes, tables, images with captions.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "hr",
    "span",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "span": {"lang"},
    "p": {"lang"},
}
# No data:, javascript:, vbscript: or file: URLs; relative URLs (our own media) stay allowed.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side"}, "table": {"table"}}


def _own_media_only(tag, attribute, value):
    """An <img> may show only the site's own uploads: an outside image in a body (and so in every
    mail made from it) is a tracking pixel that tells a third party who opened what, and leaks
    journalists' addresses to it. Its src is dropped; the alt text stays."""
    if tag == "img" and attribute == "src":
        from django.conf import settings

        own = [settings.MEDIA_URL, getattr(settings, "HUMAS_SITE_URL", "").rstrip("/") + settings.MEDIA_URL]
        if value.startswith("//") or not any(prefix and value.startswith(prefix) for prefix in own):
            return None
        if ".." in value or "\\" in value:
            return None
    return value


# --- Word lists --------------------------------------------------------------------------------
# Word (and Outlook) copy a list as paragraphs, not <ul>/<ol>: each item is
#   <p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">·
#   <span>&nbsp;&nbsp;</span></span>Teks</p>
# with the bullet ("·", "o", "§", "•") or the number ("1.", "a)", "iv.") typed out in the
# "Ignore" span. Left alone, the glyphs land in the page, the mail and the PDF as text, and
# screen readers read "titik tengah" before every item. This turns them into real lists.
_MSO_LIST = re.compile(r"mso-list\s*:\s*(l\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_EMPTY_SPAN = re.compile(r"<span>\s*</span>")
_ORDERED_MARK = re.compile(r"^\(?([0-9]+|[a-z]|[ivxlcdm]+)[.)]", re.IGNORECASE)


class _WordListParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.stack = []  # open lists: (level, list id, tag)
        self.in_item = False  # inside a list paragraph
        self.ignore_depth = 0  # > 0 inside the glyph span (counts nested spans)
        self.mark = []  # the glyph's text, to tell numbers from bullets
        self.pending = None  # (level, list id) of the paragraph whose mark is being read
        self.item_parts = []

    # -- lists
    def _close_lists(self, to_level=0):
        while self.stack and self.stack[-1][0] > to_level:
            _, _, tag = self.stack.pop()
            self.out.append(f"</li></{tag}>")

    def _open_item(self, level, list_id, ordered):
        tag = "ol" if ordered else "ul"
        while self.stack and (
            self.stack[-1][0] > level or (self.stack[-1][0] == level and self.stack[-1][1] != list_id)
        ):
            self._close_lists(self.stack[-1][0] - 1)
        if self.stack and self.stack[-1][0] == level:
            self.out.append("</li>")
        else:
            self.stack.append((level, list_id, tag))
            self.out.append(f"<{tag}>")
        self.out.append("<li>")

    def _emit(self, text):
        if self.ignore_depth:
            return
        if self.pending is not None:
            self.item_parts.append(text)
        else:
            if self.stack and not self.in_item and text.strip():
                self._close_lists()
            self.out.append(text)

    def _flush_pending(self):
        level, list_id = self.pending
        ordered = bool(_ORDERED_MARK.match("".join(self.mark).strip()))
        self.pending = None
        self._open_item(level, list_id, ordered)
        self.out.extend(self.item_parts)
        self.item_parts, self.mark = [], []

    # -- parser callbacks
    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        if self.ignore_depth:
            if tag == "span":
                self.ignore_depth += 1
            return
        if tag == "p":
            match = _MSO_LIST.search(style)
            if match:
                if self.pending is not None:
                    self._flush_pending()
                self.in_item = True
                self.pending = (int(match.group(2)), match.group(1))
                return
            if self.in_item:  # a <p> inside an item (never from Word): end the item first
                self.in_item = False
        if tag == "span" and _MSO_IGNORE.search(style):
            self.ignore_depth = 1
            return
        if self.stack and not self.in_item and self.pending is None:
            self._close_lists()
        self._emit(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        if not self.ignore_depth:
            self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.ignore_depth:
            if tag == "span":
                self.ignore_depth -= 1
            return
        if tag == "p" and self.in_item:
            if self.pending is not None:
                self._flush_pending()
            self.in_item = False
            return
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        if self.ignore_depth:
            self.mark.append(data)
            return
        if not data.strip() and (
            (self.pending is not None and not self.item_parts) or (self.stack and not self.in_item)
        ):
            return  # the line breaks between Word's paragraphs, not content
        self._emit(data)

    def handle_entityref(self, name):
        if self.ignore_depth:
            return
        self._emit(f"&{name};")

    def handle_charref(self, name):
        if self.ignore_depth:
            return
        self._emit(f"&#{name};")

    def handle_comment(self, data):
        pass  # Word's conditional comments; nh3 would strip them anyway

    def unknown_decl(self, data):
        pass  # <![if !supportLists]> / <![endif]>

    def close(self):
        super().close()
        if self.pending is not None:
            self._flush_pending()
        self._close_lists()
        return "".join(self.out)


def word_lists_to_html(html):
    """Word's list paragraphs as <ul>/<ol><li>, nested by level, without the typed glyphs."""
    if "mso-list" not in html.lower():
        return html
    parser = _WordListParser()
    parser.feed(html)
    return parser.close()


def sanitize_html(html):
    if not html:
        return ""
    from_word = "mso-list" in html.lower()
    if from_word:
        html = word_lists_to_html(html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        allowed_classes=ALLOWED_CLASSES,
        strip_comments=True,
        attribute_filter=_own_media_only,
    )
    if from_word:
        # Word wraps each glyph in a font <span>; with the glyph gone the span is empty.
        clean = _EMPTY_SPAN.sub("", clean)
    return clean


def sanitize_text(text):
    """Kept for callers not yet moved: plain text is not sanitised as HTML. It is stored as typed
    (kernel.text.plain_text) and escaped once where it is shown; escaping it here as well made
    "A & B" show as "A &amp; B" and dropped "<C>" from titles, venues and reasons."""
    from .text import plain_text

    return plain_text(text)


def rich_text_is_empty(html):
    """True for what an editor sends when nothing was typed: "", whitespace, "<p>&nbsp;</p>",
    "<p><br></p>", empty paragraphs. An image or a table counts as content."""
    from .text import html_to_text

    cleaned = sanitize_html(html or "")
    if "<img" in cleaned or "<table" in cleaned or "<hr" in cleaned:
        return False
    return not html_to_text(cleaned).replace("\xa0", " ").strip()


class _ImageAltScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.missing = []

    def handle_starttag(self, tag, attrs):
        if tag != "img":
            return
        values = dict(attrs)
        if not (values.get("alt") or "").strip():
            self.missing.append(values.get("src") or "")

    handle_startendtag = handle_starttag


def images_missing_alt(html):
    """The src of every <img> in `html` without a non-empty alt text, in document order (an
    image with no src at all is listed as ""). A release with any of them can not be submitted:
    a screen-reader user hears nothing of that picture, and a mail client that blocks images
    shows nothing in its place."""
    if not html:
        return []
    scanner = _ImageAltScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.missing
