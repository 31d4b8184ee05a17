"""`{% load renditions %}`: responsive images from kernel.renditions.

    {% responsive_image photo.image alt=photo.alt sizes="(max-width: 600px) 100vw, 600px" %}

renders a <picture> with a WebP <source> and a JPEG <img> (src, srcset, sizes, width, height,
alt), so the browser picks the smallest file that fills the slot and reserves its space before
it loads (no layout shift). An image that can't be read degrades to nothing rather than a 500.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from kernel import renditions

register = template.Library()

DEFAULT_SIZES = "(max-width: 640px) 100vw, 600px"


@register.simple_tag
def responsive_image(
    image,
    alt="",
    sizes=DEFAULT_SIZES,
    loading="lazy",
    width=600,
    fetchpriority="",
    **attrs,
):
    """`width` picks the fallback <img src> (the largest rendition not wider); `class` and any
    other keyword become attributes of the <img>."""
    if not image or not renditions.image_usable(image):
        return ""
    try:
        webp = renditions.srcset(image, "webp")
        jpeg = renditions.srcset(image, "jpeg")
        fallback = renditions.rendition(image, int(width), "jpeg")
    except Exception:  # noqa: BLE001 - a broken upload must not take the page down
        renditions.logger.exception("renditions failed for %s", getattr(image, "name", image))
        return ""
    extra = format_html_join(
        "",
        ' {}="{}"',
        ((key.replace("_", "-"), value) for key, value in attrs.items() if value not in (None, "")),
    )
    priority = format_html(' fetchpriority="{}"', fetchpriority) if fetchpriority else ""
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}"'
        ' decoding="async"{}{}></picture>',
        webp,
        sizes,
        fallback.url,
        jpeg,
        sizes,
        fallback.width,
        fallback.height,
        alt or "",
        loading,
        priority,
        extra,
    )


@register.simple_tag
def rendition_url(image, width=320, fmt="jpeg"):
    """The URL of one rendition (a thumbnail in a list, a mail's 600 px image)."""
    if not image or not renditions.image_usable(image):
        return ""
    return renditions.rendition(image, int(width), fmt).url


@register.simple_tag
def rendition_of(image, width=320, fmt="jpeg"):
    """`{% rendition_of photo.image 320 as thumb %}` then thumb.url / thumb.width / thumb.height."""
    if not image or not renditions.image_usable(image):
        return None
    return renditions.rendition(image, int(width), fmt)


@register.filter
def responsive_images(html):
    """`{{ body|sanitized|responsive_images }}`: our own images inside sanitised rich text as
    renditions. Only applied to text already marked safe (the sanitiser's output)."""
    if not isinstance(html, SafeString):
        return html
    return mark_safe(renditions.responsive_html_images(str(html)))  # noqa: S308 - built from sanitised HTML
