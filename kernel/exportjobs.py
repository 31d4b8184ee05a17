"""Exports too large for a request: a worker writes the file, the page shows progress, the
person who asked downloads it. Small exports stay in the request (kernel.exports).

An app registers what it exports:

    export_register(
        "contacts.journalists",
        label=_("Kontak wartawan"),
        permission=perms.EXPORT_JOURNALIST,
        build=journalist_export_build,   # (params, actor) -> ExportSource
    )

and asks `export_needs_job(count)` whether to write it now or `export_job_create(...)` a job.
The file holds personal data: it is written under MEDIA_ROOT/exports/ with a random name that
no URL serves (the download view checks who asks), and deleted after EXPORT_KEEP_HOURS."""

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import actor_require
from .audit import audit_record
from .exports import csv_stream
from .models import ExportJob
from .refusal import Refusal

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
# Above this many rows an export runs in the background (issue 17: "never a 17-second request").
EXPORT_INLINE_MAX_ROWS = 2000
EXPORT_KEEP_HOURS = 24
PROGRESS_EVERY = 500

_EXPORTS = {}


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: object
    permission: str
    build: object


@dataclass
class ExportSource:
    headers: list
    rows: object  # an iterable of rows (lists)
    count: int
    filename: str  # without extension
    title: str = "Data"


def export_register(name, *, label, permission, build):
    _EXPORTS[name] = ExportKind(name=name, label=label, permission=permission, build=build)


def export_kind(name):
    try:
        return _EXPORTS[name]
    except KeyError:
        raise LookupError(f"no export registered as {name!r}") from None


def export_needs_job(count):
    return count > EXPORT_INLINE_MAX_ROWS


def export_job_create(*, actor, kind, params, file_format, description="", total=0):
    """Record the request and queue the worker; the caller audits what was exported (the
    app's own export action says which filter, how many rows)."""
    export = export_kind(kind)
    actor_require(actor, export.permission)
    if file_format not in ("csv", "xlsx"):
        raise Refusal(_("Format ekspor tidak dikenal."), code="format")
    job = ExportJob.objects.create(
        created_by=actor,
        kind=kind,
        params=params,
        file_format=file_format,
        description=description[:300],
        total=total,
    )
    from .tasks import export_job_run_task

    transaction.on_commit(lambda: export_job_run_task.delay(job.pk))
    return job


def export_path(job):
    return Path(settings.MEDIA_ROOT) / job.stored_path


def _write_xlsx(path, source, progress):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(source.title)[:31])

    def cells(values):
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # a string cell: never a formula, no apostrophe needed
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells([str(h) for h in source.headers]))
    for n, row in enumerate(source.rows, start=1):
        sheet.append(cells(row))
        if n % PROGRESS_EVERY == 0:
            progress(n)
    workbook.save(path)


def _write_csv(path, source, progress):
    def counted():
        for n, row in enumerate(source.rows, start=1):
            if n % PROGRESS_EVERY == 0:
                progress(n)
            yield row

    with open(path, "wb") as fh:
        for chunk in csv_stream(source.headers, counted()):
            fh.write(chunk)


def export_job_run(*, job_id):
    """The worker's part: build the rows, write the file, say it is ready. A job that is not
    queued (done, or already taken by a redelivered task) is left alone."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return ExportJob.objects.filter(pk=job_id).first()
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    relative = f"{EXPORT_DIR}/{uuid.uuid4().hex}.{job.file_format}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = export_kind(job.kind).build(job.params, job.created_by)
        ExportJob.objects.filter(pk=job.pk).update(total=source.count)

        def progress(n):
            ExportJob.objects.filter(pk=job.pk).update(done=n)

        (_write_xlsx if job.file_format == "xlsx" else _write_csv)(path, source, progress)
    except Exception:  # the job says it failed instead of staying "running" for ever
        logger.exception("export job %s failed", job.pk)
        path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            failure=_("Ekspor gagal dibuat. Coba lagi; bila terulang, hubungi admin sistem."),
            finished_at=timezone.now(),
        )
        return ExportJob.objects.get(pk=job.pk)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        stored_path=relative,
        file_name=f"{source.filename}-{stamp}.{job.file_format}",
        done=source.count,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def export_job_for(user, pk):
    """The job if `user` asked for it, else None (the view answers 404)."""
    return ExportJob.objects.filter(pk=pk, created_by=user).first()


def export_job_download_log(*, actor, job):
    audit_record(
        actor=actor, action="kernel.export.download", obj=job, data={"kind": job.kind, "rows": job.done}
    )


def export_jobs_expire(*, now=None):
    """Beat: delete files older than EXPORT_KEEP_HOURS (they hold personal data)."""
    cutoff = (now or timezone.now()) - timezone.timedelta(hours=EXPORT_KEEP_HOURS)
    expired = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(status=ExportJob.Status.EXPIRED):
        if job.stored_path:
            export_path(job).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, stored_path="")
        expired += 1
    return expired
