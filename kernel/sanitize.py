"""The one HTML sanitiser. Everything rich-text (release bodies, statements) is cleaned here on
save, and templates render only what passed through it (see SanitizedHTMLField / `sanitized`)."""

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
