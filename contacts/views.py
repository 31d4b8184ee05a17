from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from kernel.access import permission_required_404
from kernel.exportjobs import export_job_create, export_needs_job
from kernel.exports import csv_response, csv_stream, xlsx_response
from kernel.formviews import form_page
from kernel.links import LinkProblem, link_problem_response, link_read
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages

from . import exporting, selectors, services
from . import permissions as perms
from .filters import JournalistFilter
from .forms import (
    BulkActionForm,
    ContactFlagForm,
    ContactListForm,
    ContactPointForm,
    EraseForm,
    ImportMappingForm,
    ImportUploadForm,
    JournalistForm,
    ListFromSegmentForm,
    MediaOutletForm,
    MergeForm,
    SegmentForm,
    split_evidence,
)
from .links import RESUBSCRIBE, UNSUBSCRIBE
from .models import Beat, ContactImport, ContactList, MediaOutlet, Segment

PAGE_SIZE = 50


@require_safe
# --- journalists -----------------------------------------------------------------------------
@permission_required_404(perms.VIEW_JOURNALIST)
def journalist_list(request):
    journalist_filter = JournalistFilter(request.GET, queryset=selectors.journalist_list())
    page = Paginator(journalist_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/journalist_list.html",
        {
            "filter": journalist_filter,
            "page": page,
            "bulk_form": BulkActionForm(),
            # Row links are built from one prefix: 50 reverse() calls per page add up.
            "base": reverse("staff_contacts:journalist_list"),
            "can_bulk": request.user.has_perm(perms.CHANGE_CONTACT_LIST),
        },
    )


@require_safe
@permission_required_404(perms.VIEW_JOURNALIST)
def journalist_search(request):
    """Search-as-you-type for every journalist picker (inquiries, lists, check-in): the ten best
    matches by name, e-mail or outlet, from the trigram indexes, in two queries at most."""
    results = selectors.journalist_search(request.GET.get("q", ""), limit=10)
    return JsonResponse(
        {
            "results": [
                {"id": j.pk, "label": j.picker_label, "email": j.email, "do_not_contact": j.do_not_contact}
                for j in results
            ]
        }
    )


@require_POST
@permission_required_404(perms.CHANGE_CONTACT_LIST)
def journalist_bulk(request):
    form = BulkActionForm(request.POST)
    back = request.POST.get("next") or ""
    target = "staff_contacts:journalist_list"
    if not form.is_valid():
        messages.error(request, _("Pilih wartawan dan daftar terlebih dahulu."))
    else:
        contact_list = form.cleaned_data["contact_list"]
        ids = form.cleaned_data["ids"]
        if form.cleaned_data["all_matching"]:
            query = QueryDict(form.cleaned_data["filter_query"].lstrip("?"))
            matching = JournalistFilter(query, queryset=selectors.journalist_list()).qs
            ids = list(matching.order_by().values_list("pk", flat=True))
        try:
            if form.cleaned_data["action"] == "add":
                added = services.contact_list_add(
                    actor=request.user, contact_list=contact_list, journalist_ids=ids
                )
                messages.success(
                    request,
                    _("%(n)s wartawan ditambahkan ke daftar %(list)s.") % {"n": added, "list": contact_list},
                )
            else:
                removed = services.contact_list_remove(
                    actor=request.user, contact_list=contact_list, journalist_ids=ids
                )
                messages.success(
                    request,
                    _("%(n)s wartawan dikeluarkan dari daftar %(list)s.")
                    % {"n": removed, "list": contact_list},
                )
        except Refusal as exc:
            refusal_to_messages(request, exc)
    if back.startswith("?") or back == "":
        return redirect(reverse(target) + back)
    return redirect(target)


@require_safe
@permission_required_404(perms.VIEW_JOURNALIST)
def journalist_detail(request, pk):
    journalist = selectors.journalist_get(pk)
    lists = journalist.memberships.select_related("contact_list").order_by("contact_list__name")
    return render(
        request,
        "contacts/journalist_detail.html",
        {
            "journalist": journalist,
            "memberships": lists,
            "flag_form": ContactFlagForm(),
            "opted_out_by_self": services.journalist_opted_out_by_self(journalist),
            "contact_points": list(journalist.contact_points.all()),
            "contact_point_form": ContactPointForm(),
            "duplicates": selectors.journalist_duplicate_candidates(journalist),
            "merged_from": list(journalist.merged_from.order_by("merged_at")),
            "merge_form": MergeForm(),
        },
    )


@require_POST
@permission_required_404(perms.CHANGE_JOURNALIST)
def journalist_contact_points(request, pk):
    journalist = selectors.journalist_get(pk)
    try:
        if request.POST.get("remove"):
            point = get_object_or_404(journalist.contact_points, pk=request.POST["remove"])
            services.contact_point_remove(actor=request.user, point=point)
            messages.success(request, _("Kontak tambahan dihapus."))
        else:
            form = ContactPointForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Periksa jenis dan isi kontak tambahan."))
            else:
                services.contact_point_add(actor=request.user, journalist=journalist, **form.cleaned_data)
                messages.success(request, _("Kontak tambahan disimpan."))
    except Refusal as exc:
        refusal_to_messages(request, exc)
    return redirect(journalist)


@permission_required_404(perms.CHANGE_JOURNALIST)
def journalist_merge(request, pk):
    """Side by side, then merge: the duplicate's lists and addresses join this record; its own
    row stays (history) but is never contacted again."""
    keep = selectors.journalist_get(pk)
    form = MergeForm(request.POST or request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Pilih data wartawan yang ganda."))
        return redirect(keep)
    duplicate = selectors.journalist_get(form.cleaned_data["duplicate"].pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.journalist_merge(actor=request.user, keep=keep, duplicate=duplicate)
        except Refusal as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("%(dup)s digabung ke %(keep)s. Riwayatnya tetap tersimpan.")
                % {"dup": duplicate, "keep": keep},
            )
        return redirect(keep)
    return render(request, "contacts/journalist_merge.html", {"keep": keep, "duplicate": duplicate})


def _journalist_save(request, journalist=None):
    def save(data):
        data, evidence = split_evidence(data)
        return services.journalist_save(
            actor=request.user, data=data, journalist=journalist, consent_evidence=evidence
        )

    return save


@permission_required_404(perms.ADD_JOURNALIST)
def journalist_create(request):
    return form_page(
        request,
        JournalistForm(request.POST or None),
        _journalist_save(request),
        success=_("Wartawan disimpan."),
        template="contacts/form.html",
        context={"title": _("Wartawan baru")},
    )


@permission_required_404(perms.CHANGE_JOURNALIST)
def journalist_edit(request, pk):
    journalist = selectors.journalist_get(pk)
    if journalist.erased_at:
        raise Http404
    return form_page(
        request,
        JournalistForm(request.POST or None, instance=journalist),
        _journalist_save(request, journalist),
        success=_("Perubahan disimpan."),
        template="contacts/form.html",
        context={"title": _("Ubah wartawan"), "back": journalist.get_absolute_url()},
    )


@require_POST
@permission_required_404(perms.CHANGE_JOURNALIST)
def journalist_contact_flag(request, pk):
    journalist = selectors.journalist_get(pk)
    try:
        if request.POST.get("flag") == "on":
            services.journalist_opt_out(
                journalist_id=journalist.pk,
                actor=request.user,
                source="staff",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Wartawan ditandai jangan dihubungi."))
        elif request.POST.get("flag") == "resubscribe":
            services.journalist_resubscribe_request(actor=request.user, journalist=journalist)
            messages.success(
                request,
                _(
                    "E-mail konfirmasi berlangganan kembali dikirim. Tanda ini baru dicabut setelah "
                    "wartawan sendiri menekan tautannya."
                ),
            )
        else:
            services.journalist_opt_in(actor=request.user, journalist=journalist)
            messages.success(request, _("Tanda jangan dihubungi dicabut."))
    except Refusal as exc:
        refusal_to_messages(request, exc)
    return redirect(journalist)


# --- data-subject rights (UU PDP) -------------------------------------------------------------
def _can_subject(user):
    return user.has_perm(perms.EXPORT_PERSONAL_DATA) or user.has_perm(perms.ERASE_JOURNALIST)


@permission_required_404(perms.VIEW_JOURNALIST)
def journalist_privacy(request, pk):
    if not _can_subject(request.user):
        raise Http404
    journalist = selectors.journalist_get(pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(perms.ERASE_JOURNALIST):
            raise Http404
        if form.is_valid():
            try:
                services.journalist_erase(
                    actor=request.user, journalist=journalist, reason=form.cleaned_data["reason"]
                )
            except Refusal as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Data pribadi wartawan ini telah dihapus. Hitungan pengiriman tetap tersimpan."),
                )
                return redirect("staff_contacts:journalist_privacy", pk=journalist.pk)
    return render(request, "contacts/journalist_privacy.html", {"journalist": journalist, "form": form})


@require_POST  # it writes an audit entry: never a GET a foreign page can trigger
@permission_required_404(perms.EXPORT_PERSONAL_DATA)
def journalist_subject_export(request, pk, file_format):
    if file_format not in ("json", "csv", "html"):
        raise Http404
    journalist = selectors.journalist_get(pk)
    services.journalist_subject_export_log(actor=request.user, journalist=journalist, file_format=file_format)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if file_format == "html":
        # The readable letter to the person (print it, or save it as PDF from the browser);
        # the JSON beside it is the machine-readable copy.
        return render(request, "contacts/subject_export.html", exporting.subject_document(journalist))
    if file_format == "json":
        response = HttpResponse(
            exporting.subject_json(journalist), content_type="application/json; charset=utf-8"
        )
    else:
        # One person's data: small, sent whole (not streamed).
        body = b"".join(
            csv_stream(["bagian", "no", "kolom", "nilai"], exporting.subject_csv_rows(journalist))
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="data-pribadi-{journalist.pk}-{stamp}.{file_format}"'
    )
    return response


# --- export ------------------------------------------------------------------------------------
@require_POST  # it writes an audit entry: never a GET; the filters stay in the query string
@permission_required_404(perms.EXPORT_JOURNALIST)
def journalist_export(request):
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    journalist_filter = JournalistFilter(request.GET, queryset=selectors.journalist_list())
    queryset = journalist_filter.qs
    count = queryset.count()
    services.contacts_export_log(
        actor=request.user,
        file_format=file_format,
        count=count,
        description=journalist_filter.describe(),
    )
    if export_needs_job(count):
        # Thousands of rows: a worker writes the file; the page shows progress and the link.
        params = {key: request.GET.getlist(key) for key in request.GET if key != "format"}
        job = export_job_create(
            actor=request.user,
            kind="contacts.journalists",
            params=params,
            file_format=file_format,
            description=_("%(n)s kontak; saringan: %(filter)s")
            % {
                "n": count,
                "filter": ", ".join(f"{k} = {v}" for k, v in journalist_filter.describe().items())
                or _("tidak ada"),
            },
            total=count,
        )
        return redirect(job)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = exporting.journalist_rows(queryset)
    filename = f"kontak-{stamp}.{file_format}"
    if file_format == "csv":
        return csv_response(exporting.EXPORT_HEADERS, rows, filename=filename)
    return xlsx_response(exporting.EXPORT_HEADERS, rows, filename=filename, title="Kontak")


@require_safe
# --- outlets -----------------------------------------------------------------------------------
@permission_required_404(perms.VIEW_OUTLET)
def outlet_list(request):
    queryset = selectors.outlet_list()
    q = request.GET.get("q", "").strip()
    if q:
        queryset = queryset.filter(name__icontains=q)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/outlet_list.html", {"page": page, "q": q})


@require_safe
@permission_required_404(perms.VIEW_OUTLET)
def outlet_detail(request, pk):
    outlet = get_object_or_404(MediaOutlet, pk=pk)
    journalists = outlet.journalists.filter(erased_at__isnull=True).order_by("name")
    page = Paginator(journalists, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/outlet_detail.html", {"outlet": outlet, "page": page})


@permission_required_404(perms.ADD_OUTLET)
def outlet_create(request):
    return form_page(
        request,
        MediaOutletForm(request.POST or None),
        lambda data: services.outlet_save(actor=request.user, data=data),
        success=_("Media disimpan."),
        template="contacts/form.html",
        context={"title": _("Media baru")},
    )


@permission_required_404(perms.CHANGE_OUTLET)
def outlet_edit(request, pk):
    outlet = get_object_or_404(MediaOutlet, pk=pk)
    return form_page(
        request,
        MediaOutletForm(request.POST or None, instance=outlet),
        lambda data: services.outlet_save(actor=request.user, data=data, outlet=outlet),
        success=_("Perubahan disimpan."),
        template="contacts/form.html",
        context={"title": _("Ubah media"), "back": outlet.get_absolute_url()},
    )


@require_safe
# --- lists -------------------------------------------------------------------------------------
@permission_required_404(perms.VIEW_CONTACT_LIST)
def list_list(request):
    return render(request, "contacts/list_list.html", {"lists": selectors.contact_list_list()})


@require_safe
@permission_required_404(perms.VIEW_CONTACT_LIST)
def list_detail(request, pk):
    contact_list = get_object_or_404(selectors.contact_list_list(), pk=pk)
    page = Paginator(selectors.contact_list_members(contact_list), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "contacts/list_detail.html", {"contact_list": contact_list, "page": page})


@permission_required_404(perms.ADD_CONTACT_LIST)
def list_create(request):
    return form_page(
        request,
        ContactListForm(request.POST or None),
        lambda data: services.contact_list_save(actor=request.user, data=data),
        success=_("Daftar dibuat."),
        template="contacts/form.html",
        context={"title": _("Daftar baru")},
    )


@permission_required_404(perms.CHANGE_CONTACT_LIST)
def list_edit(request, pk):
    contact_list = get_object_or_404(ContactList, pk=pk)
    return form_page(
        request,
        ContactListForm(request.POST or None, instance=contact_list),
        lambda data: services.contact_list_save(actor=request.user, data=data, contact_list=contact_list),
        success=_("Perubahan disimpan."),
        template="contacts/form.html",
        context={"title": _("Ubah daftar"), "back": contact_list.get_absolute_url()},
    )


@require_POST
@permission_required_404(perms.DELETE_CONTACT_LIST)
def list_delete(request, pk):
    contact_list = get_object_or_404(ContactList, pk=pk)
    try:
        services.contact_list_delete(actor=request.user, contact_list=contact_list)
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect(contact_list)
    messages.success(request, _("Daftar dihapus."))
    return redirect("staff_contacts:list_list")


@require_safe
# --- segments ----------------------------------------------------------------------------------
@permission_required_404(perms.VIEW_SEGMENT)
def segment_list(request):
    return render(request, "contacts/segment_list.html", {"segments": Segment.objects.order_by("name")})


@permission_required_404(perms.VIEW_SEGMENT)
def segment_detail(request, pk):
    segment = get_object_or_404(Segment, pk=pk)
    members = selectors.recipients_for(segments=[segment]).select_related("outlet").order_by("name", "pk")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    form = ListFromSegmentForm(request.POST or None, initial={"name": segment.name})
    if request.method == "POST":
        if not request.user.has_perm(perms.ADD_CONTACT_LIST):
            raise Http404
        if form.is_valid():
            try:
                contact_list = services.contact_list_from_segment(
                    actor=request.user, segment=segment, name=form.cleaned_data["name"]
                )
            except Refusal as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(
                    request, _("Daftar %(name)s dibuat dari segmen.") % {"name": contact_list.name}
                )
                return redirect(contact_list)
    return render(request, "contacts/segment_detail.html", {"segment": segment, "page": page, "form": form})


@permission_required_404(perms.ADD_SEGMENT)
def segment_create(request):
    return form_page(
        request,
        SegmentForm(request.POST or None),
        lambda data: services.segment_save(actor=request.user, data=data),
        success=_("Segmen disimpan."),
        template="contacts/form.html",
        context={"title": _("Segmen baru")},
    )


@permission_required_404(perms.CHANGE_SEGMENT)
def segment_edit(request, pk):
    segment = get_object_or_404(Segment, pk=pk)
    return form_page(
        request,
        SegmentForm(request.POST or None, instance=segment),
        lambda data: services.segment_save(actor=request.user, data=data, segment=segment),
        success=_("Perubahan disimpan."),
        template="contacts/form.html",
        context={"title": _("Ubah segmen"), "back": segment.get_absolute_url()},
    )


# --- desks (the taxonomy of beats) ------------------------------------------------------------
@permission_required_404(perms.VIEW_JOURNALIST)
def beat_list(request):
    can_edit = request.user.has_perm(perms.CHANGE_JOURNALIST)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        try:
            if request.POST.get("delete"):
                services.beat_delete(
                    actor=request.user, beat=get_object_or_404(Beat, pk=request.POST["delete"])
                )
                messages.success(request, _("Desk dihapus."))
            else:
                beat = get_object_or_404(Beat, pk=request.POST["pk"]) if request.POST.get("pk") else None
                services.beat_save(actor=request.user, name=request.POST.get("name", ""), beat=beat)
                messages.success(request, _("Daftar desk disimpan."))
        except Refusal as exc:
            refusal_to_messages(request, exc)
        return redirect("staff_contacts:beat_list")
    return render(
        request,
        "contacts/beat_list.html",
        {"beats": selectors.beat_list(), "can_edit": can_edit},
    )


# --- import ------------------------------------------------------------------------------------
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_import = services.contact_import_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                on_duplicate=form.cleaned_data["on_duplicate"],
                consent_evidence=form.consent_evidence(),
                on_invalid_optional=form.cleaned_data["on_invalid_optional"],
                contact_list=form.cleaned_data["contact_list"],
            )
        except Refusal as exc:  # ImportRefused names the file field
            refusal_to_form(form, exc)
        else:
            services.contact_import_start_validation(actor=request.user, contact_import=contact_import)
            return redirect(contact_import)
    recent = selectors.import_list()[:10]
    return render(request, "contacts/import_upload.html", {"form": form, "imports": recent})


def _import_for(request, pk):
    contact_import = get_object_or_404(ContactImport, pk=pk)
    if contact_import.created_by_id != request.user.pk and not request.user.has_perm(perms.VIEW_IMPORT):
        raise Http404
    return contact_import


@require_safe
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_detail(request, pk):
    contact_import = _import_for(request, pk)
    done, total = services.import_progress_get(contact_import)
    context = {
        "imp": contact_import,
        "percent": min(100, int(done * 100 / total)) if total else 0,
        "errors": [r for r in contact_import.report if r.get("level") == "error"],
        "notes": [r for r in contact_import.report if r.get("level") != "error"],
        "has_error_file": bool(contact_import.stored_path)
        and services.error_file_path(contact_import).exists(),
        "mapping_form": ImportMappingForm(contact_import=contact_import)
        if contact_import.can_map_columns
        and (contact_import.unknown_columns or contact_import.status == "invalid")
        else None,
    }
    template = "contacts/import_detail.html"
    if request.htmx and request.GET.get("partial") == "1":
        template = "contacts/_import_status.html"
    return render(request, template, context)


@require_POST
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_commit(request, pk):
    contact_import = _import_for(request, pk)
    try:
        contact_import = services.contact_import_commit(actor=request.user, contact_import=contact_import)
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return redirect(contact_import)
    if contact_import.status == ContactImport.Status.DONE:
        messages.success(
            request,
            _("Impor selesai: %(c)s baru, %(u)s diperbarui, %(s)s dilewati.")
            % {
                "c": contact_import.created_count,
                "u": contact_import.updated_count,
                "s": contact_import.skipped_count,
            },
        )
    return redirect(contact_import)


@require_safe
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_errors(request, pk):
    """The rows the dry run could not take as they were, plus a reason column: fix them in the
    spreadsheet and import that file again."""
    contact_import = _import_for(request, pk)
    path = services.error_file_path(contact_import)
    if not contact_import.stored_path or not path.exists():
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="text/csv; charset=utf-8")  # noqa: SIM115
    stem = Path(contact_import.file_name).stem[:60] or "impor"
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-baris-bermasalah.csv")
    return response


@require_POST
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_map_columns(request, pk):
    contact_import = _import_for(request, pk)
    if not contact_import.can_map_columns:
        raise Http404
    form = ImportMappingForm(request.POST, contact_import=contact_import)
    if form.is_valid():
        try:
            services.contact_import_map_columns(
                actor=request.user, contact_import=contact_import, mapping=form.mapping()
            )
        except Refusal as exc:
            refusal_to_messages(request, exc)
    return redirect(contact_import)


@require_POST
@permission_required_404(perms.IMPORT_JOURNALIST)
def import_retry(request, pk):
    contact_import = _import_for(request, pk)
    try:
        services.contact_import_retry(actor=request.user, contact_import=contact_import)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    return redirect(contact_import)


# --- public unsubscribe -------------------------------------------------------------------------
@csrf_exempt
def unsubscribe(request, token):
    """GET shows a confirmation; POST (the form, or RFC 8058 one-click `List-Unsubscribe=One-Click`
    from a mail client, which carries no CSRF token) opts out. A tampered token is refused."""
    try:
        journalist = link_read(UNSUBSCRIBE, token).obj
    except LinkProblem as problem:
        # Tampered, or a person erased under UU PDP: a calm page that names nobody.
        return link_problem_response(request, problem)
    done = journalist.do_not_contact
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        if one_click or request.POST.get("confirm") == "1":
            services.journalist_opt_out(
                journalist_id=journalist.pk,
                actor="public:unsubscribe",
                source="one_click" if one_click else "unsubscribe_page",
            )
            if one_click:
                return HttpResponse(
                    _("Anda telah berhenti berlangganan."), content_type="text/plain; charset=utf-8"
                )
            done = True
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(request, "contacts/unsubscribe.html", {"token": token, "done": done})


def resubscribe(request, token):
    """The journalist's own way back: GET shows a confirmation (mail scanners follow links; a
    GET changes nothing), POST with the confirmation lifts the journalist's own unsubscribe."""
    try:
        link = link_read(RESUBSCRIBE, token)
    except LinkProblem as problem:
        return link_problem_response(request, problem)
    journalist = link.obj
    done = not journalist.do_not_contact
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.journalist_resubscribe(journalist_id=journalist.pk, stamp=link.extra.get("o"))
        except Refusal as exc:
            return render(
                request,
                "kernel/link_problem.html",
                {"problem": {"title": _("Tautan tidak berlaku lagi"), "message": exc.message}},
                status=410,
            )
        done = True
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    return render(request, "contacts/resubscribe.html", {"token": token, "done": done})
