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
