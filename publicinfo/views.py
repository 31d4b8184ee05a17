"""Staff pages of public information (PPID, Kepala Humas): documents and spokespersons."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kernel.access import permission_required_404
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages

from . import permissions as perms
from . import selectors, services
from .forms import DocumentFilterForm, DocumentForm, SpokespersonForm
from .workflows import DOCUMENT_WORKFLOW


@require_safe
@permission_required_404(perms.VIEW_DOCUMENT)
def document_list(request):
    filters = DocumentFilterForm(request.GET or None)
    q = category = None
    if filters.is_valid():
        q = filters.cleaned_data["q"] or None
        category = filters.cleaned_data["kategori"] or None
    page = Paginator(selectors.document_staff_list(q=q, category=category), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publicinfo/document_list.html",
        {
            "page": page,
            "filters": filters,
            "can_add": request.user.has_perm(perms.ADD_DOCUMENT),
            "can_view_spokespersons": request.user.has_perm(perms.VIEW_SPOKESPERSON),
        },
    )


@permission_required_404(perms.ADD_DOCUMENT)
def document_create(request):
    can_publish = request.user.has_perm(perms.PUBLISH_DOCUMENT)
    form = DocumentForm(request.POST or None, request.FILES or None, creating=True, can_publish=can_publish)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.document_create(
                actor=request.user,
                data=form.cleaned_data,
                upload=form.cleaned_data["file"],
                publish=form.cleaned_data.get("publish", False),
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Dokumen disimpan."))
            return redirect("staff_publicinfo:edit", pk=doc.pk)
    return render(request, "publicinfo/document_form.html", {"form": form, "document": None})


@permission_required_404(perms.CHANGE_DOCUMENT)
def document_edit(request, pk):
    document = selectors.document_get_for_user(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                actor=request.user,
                document=document,
                data=form.cleaned_data,
                upload=form.cleaned_data.get("file"),
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("staff_publicinfo:edit", pk=document.pk)
    return render(
        request,
        "publicinfo/document_form.html",
        {
            "form": form,
            "document": document,
            # The publish/unpublish button comes from the declaration (publicinfo.workflows).
            "actions": DOCUMENT_WORKFLOW.action_names_for(document, request.user),
        },
    )


@require_POST
@permission_required_404(perms.PUBLISH_DOCUMENT)
def document_publish(request, pk):
    document = selectors.document_get_for_user(request.user, pk)
    publish = request.POST.get("action") == "publish"
    try:
        if publish:
            services.document_publish(actor=request.user, document=document)
        else:
            services.document_unpublish(actor=request.user, document=document)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request, _("Dokumen diterbitkan.") if publish else _("Dokumen ditarik dari halaman publik.")
        )
    return redirect("staff_publicinfo:edit", pk=document.pk)


@require_safe
@permission_required_404(perms.VIEW_SPOKESPERSON)
def spokesperson_list(request):
    from .models import Spokesperson

    return render(
        request,
        "publicinfo/spokesperson_list.html",
        {
            "spokespersons": Spokesperson.objects.order_by("order", "name"),
            "can_add": request.user.has_perm(perms.ADD_SPOKESPERSON),
            "can_change": request.user.has_perm(perms.CHANGE_SPOKESPERSON),
            "can_delete": request.user.has_perm(perms.DELETE_SPOKESPERSON),
        },
    )


@permission_required_404(perms.ADD_SPOKESPERSON)
def spokesperson_create(request):
    return _spokesperson_form(request, None)


@permission_required_404(perms.CHANGE_SPOKESPERSON)
def spokesperson_edit(request, pk):
    return _spokesperson_form(request, selectors.spokesperson_get_for_user(request.user, pk))


def _spokesperson_form(request, person):
    form = SpokespersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.spokesperson_save(actor=request.user, data=form.cleaned_data, spokesperson=person)
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Juru bicara disimpan."))
            return redirect("staff_publicinfo:spokesperson_list")
    return render(request, "publicinfo/spokesperson_form.html", {"form": form, "person": person})


@require_POST
@permission_required_404(perms.DELETE_SPOKESPERSON)
def spokesperson_delete(request, pk):
    person = selectors.spokesperson_get_for_user(request.user, pk)
    try:
        services.spokesperson_delete(actor=request.user, spokesperson=person)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Juru bicara dihapus."))
    return redirect("staff_publicinfo:spokesperson_list")
