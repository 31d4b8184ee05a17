"""What a release looks like inside a mail (and in the embargo room): every address absolute on
the public base URL, images as <= 600 px renditions that shrink on a phone, the hero photo, the
gallery, the attachments and the embargo room's links.

A mail client opens the HTML from a file with no base URL: `/media/x.jpg` leads nowhere, and
`<img width="1600">` makes a phone scroll sideways. So the body of the release is rewritten here
before it goes out: relative links made absolute, editor images replaced by their rendition with
`width` <= the column and `max-width:100%;height:auto`, figures and tables given styles that
mail clients keep (they drop stylesheets, not style="").

While a release's files are not public (embargo, or approved but not yet published) the
public media door answers 404 for them: images then come through a signed link of the release
(links.MAIL_IMAGE, the same in every copy, so loading an image tells nobody who read the mail),
and photos, attachments and the press kit through the recipient's embargo room."""

import html as html_lib
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from kernel.links import link_token
from kernel.siteurl import absolute_url

from .links import MAIL_IMAGE

# The mail is 600 px wide with 20 px of padding: body images get at most the column's width.
MAIL_WIDTH = 600
BODY_COLUMN = 560
# Two thumbnails side by side in a 375 px phone's column (319 px), three or more on a wider one.
THUMB_WIDTH = 150
# Stands for the recipient's own embargo-room token in the once-rendered mail (distribution's
# PersonalisedParts renders a mail once per language); the builder puts each recipient's in.
ROOM_TOKEN_PLACEHOLDER = "HUMASxROOMxTOKENx7f3a"  # noqa: S105 - a placeholder, not a secret
IMAGE_STYLE = "display:block;max-width:100%;height:auto;border:0;"
RENDITION_WIDTH = re.compile(r"\.w(\d{1,5})\.(?:jpg|webp)$", re.I)


def rendition_for(name, width):
    """The largest rendition of storage name `name` not wider than `width`, or None when the
    file is missing or not an image (the mail then goes out without that picture)."""
    from kernel.renditions import rendition

    if not name:
        return None
    try:
        return rendition(name, width)
    except Exception:  # noqa: BLE001 - a broken picture must never stop a send
        return None


def files_public(release):
    return release.is_public


def image_url(release, storage_name):
    """Absolute URL of an image (a rendition's storage name) as a mail may show it."""
    if files_public(release):
        return absolute_url(default_storage.url(storage_name))
    token = link_token(MAIL_IMAGE, release.pk)
    return absolute_url(reverse("releases:mail_image", kwargs={"token": token, "name": storage_name}))


def mail_image(release, name, width):
    """{url, width, height} of the image at storage `name`, <= `width` px, or None."""
    found = rendition_for(name, width)
    if found is None:
        return None
    return {"url": image_url(release, found.name), "width": found.width, "height": found.height}


def room_url(url_name="releases:embargo_room", token=ROOM_TOKEN_PLACEHOLDER, **kwargs):
    return absolute_url(reverse(url_name, kwargs={"token": token, **kwargs}))


# --- the body ----------------------------------------------------------------------------------
_IMG = re.compile(r"<img\s[^>]*>", re.I)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_HREF = re.compile(r'(<a\s[^>]*?href=")(/[^/"][^"]*|/)(")', re.I)


def _attrs(tag):
    return {k.lower(): html_lib.unescape(v) for k, v in _ATTR.findall(tag)}


def _media_name(src):
    for prefix in (settings.HUMAS_SITE_URL + settings.MEDIA_URL, settings.MEDIA_URL):
        if src.startswith(prefix):
            return src[len(prefix) :].split("?", 1)[0]
    return None


def body_for_mail(release, html, *, fallback_alt=""):
    """The sanitised body with absolute links and images fit for a phone (see module doc)."""

    def image(match):
        attrs = _attrs(match.group(0))
        name = _media_name(attrs.get("src", ""))
        found = mail_image(release, name, MAIL_WIDTH) if name else None
        alt = attrs.get("alt") or fallback_alt
        if found is None:
            # Not one of our uploads (the sanitiser lets none through) or not readable: the
            # words stay, a broken picture does not.
            return f"[{html_lib.escape(alt)}]" if alt else ""
        width = min(found["width"], BODY_COLUMN)
        return (
            f'<img src="{html_lib.escape(found["url"])}" alt="{html_lib.escape(alt)}" width="{width}" '
            f'style="{IMAGE_STYLE}">'
        )

    text = _IMG.sub(image, html or "")
    text = _HREF.sub(
        lambda m: m.group(1) + html_lib.escape(absolute_url(html_lib.unescape(m.group(2)))) + m.group(3), text
    )
    text = re.sub(r"<figure(\s[^>]*)?>", '<figure style="margin:16px 0;">', text, flags=re.I)
    text = re.sub(
        r"<figcaption>", '<figcaption style="font-size:13px;color:#4b5563;margin-top:4px;">', text, flags=re.I
    )
    # A paragraph inside a cell (pasted from Word) keeps its default margins in mail clients.
    text = re.sub(r"(<t[dh][^>]*>)\s*<p>(.*?)</p>\s*(?=</t[dh]>)", r"\1\2", text, flags=re.I | re.S)
    text = re.sub(
        r"<table(\s[^>]*)?>",
        '<table style="border-collapse:collapse;width:100%;font-size:14px;">',
        text,
        flags=re.I,
    )
    text = re.sub(
        r"<(t[dh])(\s[^>]*)?>",
        r'<\1\2 style="border:1px solid #d1d5db;padding:4px 6px;text-align:left;vertical-align:top;">',
        text,
        flags=re.I,
    )
    return text


# --- hero, gallery, attachments ------------------------------------------------------------------
def hero_for_mail(release):
    if not release.hero_image:
        return None
    found = mail_image(release, release.hero_image.name, MAIL_WIDTH)
    if found is None:
        return None
    return {
        **found,
        "alt": release.hero_alt or release.title,
        "caption": release.hero_caption,
        "credit": release.hero_credit,
    }


def gallery_for_mail(release, *, in_room):
    """Thumbnails linking to the full photo: the public file once the release is public, the
    recipient's embargo room before."""
    items = []
    for photo in release.photos.all():
        # A 320 px rendition shown at 160: sharp on a phone's dense screen, light to load.
        found = mail_image(release, photo.image.name, THUMB_WIDTH * 2)
        if found is None:
            continue
        if in_room:
            href = room_url("releases:embargo_room_photo", photo_pk=photo.pk)
        else:
            href = absolute_url(photo.image.url)
        items.append(
            {
                "thumb": found["url"],
                "width": THUMB_WIDTH,
                "href": href,
                "alt": photo.alt,
                "caption": photo.caption,
                "credit": photo.credit,
            }
        )
    return items


def attachments_for_mail(release, *, in_room):
    items = []
    for attachment in release.attachments.all():
        if in_room:
            href = room_url("releases:embargo_room_attachment", attachment_pk=attachment.pk)
        else:
            href = absolute_url(attachment.file.url)
        items.append({"title": attachment.title, "size": attachment.size, "href": href})
    return items
