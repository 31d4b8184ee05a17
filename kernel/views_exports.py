"""A background export's page (progress, then the download) and the download itself: only
for the person who asked (404 for anyone else)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .access import staff_required
from .exportjobs import export_job_download_log, export_job_for, export_kind, export_path
from .exports import XLSX_TYPE
from .models import ExportJob


@require_safe
@staff_required
def export_detail(request, pk):
    job = export_job_for(request.user, pk)
    if job is None:
        raise Http404
    template = (
        "kernel/_export_status.html" if request.headers.get("HX-Request") else "kernel/export_detail.html"
    )
    return render(request, template, {"job": job, "label": export_kind(job.kind).label})


@require_safe
@staff_required
def export_download(request, pk):
    job = export_job_for(request.user, pk)
    if job is None or job.status != ExportJob.Status.DONE or not job.stored_path:
        raise Http404
    path = export_path(job)
    if not path.exists():
        raise Http404
    export_job_download_log(actor=request.user, job=job)
    content_type = XLSX_TYPE if job.file_format == "xlsx" else "text/csv; charset=utf-8"
    response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    response["Content-Disposition"] = content_disposition_header(True, job.file_name)
    response["Cache-Control"] = "private, no-store"
    return response
