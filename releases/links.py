"""Signed links of releases (kernel.links): the read-only share preview for reviewers without an
account. Links last as long as they always did (SHARE_MAX_AGE) and keep their salt. Each link is
bound to one revision of the release (`rev=`, Release.link_revision): an edit, a correction or a
staff "revoke" makes every older link answer "expired"."""

from kernel.links import link_purpose_register

SHARE = "releases.share"
SHARE_SALT = "releases.preview-share"
SHARE_MAX_AGE = 7 * 24 * 3600


def _resolve_shared(pk):
    from django.db.models import Max

    from .models import Release
    from .selectors import detail_prefetches

    release = (
        Release.objects.select_related("category")
        .annotate(share_revision=Max("revisions__number"))
        .prefetch_related(*detail_prefetches())
        .filter(pk=pk)
        .first()
    )
    # A release taken down entirely is gone for its share links too.
    if release is None or release.status == Release.Status.UNPUBLISHED:
        return None
    return release


link_purpose_register(
    SHARE,
    salt=SHARE_SALT,
    url_name="releases:share_preview",
    max_age=SHARE_MAX_AGE,
    resolve=_resolve_shared,
)


# The embargo room: each recipient of an embargoed release's mail gets a link of their own,
# `link_token(EMBARGO_ROOM, release.pk, j=journalist.pk, d=delivery.pk)`, so every opening is
# theirs and staff can revoke it for one person (EmbargoRoomRevocation). No max_age: after the
# embargo lifts the same link leads to the public page.
EMBARGO_ROOM = "releases.embargo_room"
EMBARGO_ROOM_SALT = "releases.embargo-room.v1"
# Images in a release's mail while its files are not public yet (embargo, or approved but not
# published): one link per release, the same in every recipient's copy, so an image fetched by
# a mail client says nothing about who opened the mail (no tracking pixel by the back door).
MAIL_IMAGE = "releases.mail_image"
MAIL_IMAGE_SALT = "releases.mail-image.v1"
# Whose mail may still lead to the release's material (a withdrawn or unpublished release, or
# one sent back to draft, closes its room).
ROOM_STATUSES = ("approved", "scheduled", "published")


def _resolve_for_room(pk):
    from .models import Release

    return Release.objects.filter(pk=pk, status__in=ROOM_STATUSES).first()


def _resolve_for_image(pk):
    from .models import Release

    return Release.objects.filter(pk=pk, status__in=(*ROOM_STATUSES, "withdrawn")).first()


link_purpose_register(
    EMBARGO_ROOM, salt=EMBARGO_ROOM_SALT, url_name="releases:embargo_room", resolve=_resolve_for_room
)
link_purpose_register(MAIL_IMAGE, salt=MAIL_IMAGE_SALT, resolve=_resolve_for_image)
