"""The one HTML sanitiser. Everything rich-text (release bodies, statements) is cleaned here on
save, and templates render only what passed through it (see SanitizedHTMLField / `sanitized`)."""

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


def sanitize_html(html):
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        allowed_classes=ALLOWED_CLASSES,
        strip_comments=True,
        attribute_filter=_own_media_only,
    )


def sanitize_text(text):
    """Plain-text fields: strip every tag (for fields that must never carry markup)."""
    return nh3.clean(text or "", tags=set())


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
