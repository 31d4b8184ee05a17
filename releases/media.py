"""Who may fetch the files of releases (kernel.media's registry; served by kernel.views_media)."""

from kernel.media import media_owner_register

from . import selectors
from .models import Release, ReleaseAttachment, ReleaseCorrectionAttachment, ReleasePhoto
from .presskit.models import PressKit


def _hero(name, user):
    return selectors.release_media_access(Release.objects.filter(hero_image=name).first(), user)


def _photo(name, user):
    photo = ReleasePhoto.objects.select_related("release").filter(image=name).first()
    return selectors.release_media_access(photo and photo.release, user)


def _attachment(name, user):
    attachment = ReleaseAttachment.objects.select_related("release").filter(file=name).first()
    if attachment is None:
        # An attachment a pending (or rejected) major correction would add: staff only, until
        # the approval makes a ReleaseAttachment of it.
        proposed = ReleaseCorrectionAttachment.objects.filter(file=name).exists()
        if proposed and user.is_authenticated and user.has_perm(selectors.VIEW_RELEASE):
            return "allowed"
        return None
    return selectors.release_media_access(attachment.release, user)


def _presskit(name, user):
    # The public download view (releases.presskit) names the kit; the raw file is the same rule:
    # public only while the release is public and the kit carries no embargo stamp.
    kit = PressKit.objects.select_related("release").filter(file=name).first()
    if kit is None:
        return None
    access = selectors.release_media_access(kit.release, user)
    # A withdrawn release's public kit is the one marked "DITARIK"; those made before stay staff's.
    if access == "public" and (kit.embargoed or (kit.release.status == "withdrawn" and not kit.withdrawn)):
        return "allowed" if user.is_authenticated and user.has_perm(selectors.VIEW_RELEASE) else None
    return access


media_owner_register("releases/hero/", _hero)
media_owner_register("releases/photos/", _photo)
media_owner_register("releases/attachments/", _attachment)
media_owner_register("releases/editor/", selectors.editor_image_access)
media_owner_register("presskits/", _presskit)
