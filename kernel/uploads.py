"""Files chosen before a failed save survive it.

A form page carries a random token (`upload_token_new`, a hidden input). When its save fails,
`pending_uploads_keep` stores each file that passed its own checks as a PendingUpload tied to the
user and the token, keyed by the input's name; the page shows them as "sudah diunggah" and carries
their ids back (hidden `pending_upload` inputs). On the next POST `pending_uploads_restore` puts
them back into the request's files under the same names, so the forms validate them exactly as
freshly chosen files, unless the user chose another file for that input or ticked it away.
After a successful save `pending_uploads_done` removes them. Beat removes what was abandoned.
"""

import re
import secrets
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from .media import ALLOWED, media_owner_register

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_AGE = timedelta(days=1)


def upload_token_new():
    return secrets.token_urlsafe(18)


def upload_token_from(data):
    """The form's token when it is one of ours, else a fresh one (nothing to restore)."""
    token = (data or {}).get("upload_token") or ""
    return token if TOKEN_RE.match(token) else upload_token_new()


def _pending_qs(user, token):
    from .models import PendingUpload

    return PendingUpload.objects.filter(user=user, token=token)


def _as_upload(pending):
    pending.file.open("rb")
    upload = UploadedFile(
        file=pending.file.file,
        name=pending.original_name,
        content_type=pending.content_type or "application/octet-stream",
        size=pending.size,
    )
    upload.pending_upload = pending
    return upload


def pending_uploads_restore(*, user, token, data, files, multiple=()):
    """A copy of `files` with the pending uploads named in `data` put back under their inputs'
    names. Returns (files, pending) where pending maps input name -> [PendingUpload]. For inputs
    in `multiple` (several files at once) new files are added to the kept ones."""
    ids = [int(i) for i in data.getlist("pending_upload") if str(i).isdigit()]
    discard = {int(i) for i in data.getlist("pending_discard") if str(i).isdigit()}
    restored = MultiValueDict({k: list(v) for k, v in files.lists()})
    pending = {}
    if not ids or not getattr(user, "is_authenticated", False):
        return restored, pending
    for item in _pending_qs(user, token).filter(pk__in=ids):
        if item.pk in discard:
            item.file.delete(save=False)
            item.delete()
            continue
        if item.field in files and item.field not in multiple:
            continue  # a new file was chosen for this input: it wins (the old one ages out)
        if item.field in multiple:
            # Kept files first, in the order they were chosen, then the newly chosen ones.
            restored.setlist(
                item.field,
                [f for f in restored.getlist(item.field) if hasattr(f, "pending_upload")]
                + [_as_upload(item)]
                + [f for f in restored.getlist(item.field) if not hasattr(f, "pending_upload")],
            )
        else:
            restored.setlist(item.field, [_as_upload(item)])
        pending.setdefault(item.field, []).append(item)
    return restored, pending


def pending_uploads_keep(*, user, token, uploads):
    """Store `uploads` [(input name, UploadedFile)] for the next try; those that came from a
    pending row stay that row. Returns input name -> [PendingUpload]."""
    from .models import PendingUpload

    kept = {}
    for field, upload in uploads:
        item = getattr(upload, "pending_upload", None)
        if item is None:
            upload.seek(0)
            item = PendingUpload(
                user=user,
                token=token,
                field=field,
                original_name=(upload.name or "berkas").rsplit("/", 1)[-1][:255],
                content_type=(getattr(upload, "content_type", "") or "")[:100],
                size=upload.size or 0,
            )
            item.file.save("berkas", upload, save=False)
            item.save()
        kept.setdefault(field, []).append(item)
    return kept


def pending_uploads_done(*, user, token):
    """The save went through: the files were copied to their rows; drop the pending copies."""
    items = list(_pending_qs(user, token))

    def remove():
        from .renditions import renditions_delete

        for item in items:
            renditions_delete(item.file)  # the thumbnail shown on the form, if any
            item.file.delete(save=False)

    if items:
        _pending_qs(user, token).filter(pk__in=[i.pk for i in items]).delete()
        transaction.on_commit(remove)


def pending_uploads_purge(*, now=None):
    """Beat: remove pending uploads older than a day, with their files (and renditions)."""
    from .models import PendingUpload
    from .renditions import renditions_delete

    cutoff = (now or timezone.now()) - MAX_AGE
    count = 0
    for item in PendingUpload.objects.filter(created_at__lt=cutoff).iterator():
        if item.file.name.rsplit(".", 1)[-1] in ("jpg", "png", "webp", "gif"):
            renditions_delete(item.file)
        item.file.delete(save=False)
        item.delete()
        count += 1
    return count


def _pending_access(storage_name, user):
    # Only the person who chose the file sees it (its thumbnail on their form).
    from .models import PendingUpload

    if not getattr(user, "is_authenticated", False):
        return None
    return ALLOWED if PendingUpload.objects.filter(file=storage_name, user=user).exists() else None


media_owner_register("pending/", _pending_access)
