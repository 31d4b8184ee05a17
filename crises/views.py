import contextlib
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kernel.access import permission_required_404
from kernel.formviews import form_page
from kernel.refusal import Refusal, refusal_to_messages

from . import permissions as perms
from . import selectors, services
from .forms import (
    CadenceForm,
    IncidentForm,
    InquiryFilterForm,
    InquiryForm,
    RejectForm,
    ReleaseForm,
    ResolveForm,
    SeverityForm,
    StatementDraftForm,
    StatementForm,
    StatusForm,
    TemplateApproveForm,
    TemplateForm,
    TimelineEntryForm,
)
from .models import Incident, MediaInquiry
from .workflows import INCIDENT_WORKFLOW, INQUIRY_WORKFLOW, STATEMENT_WORKFLOW, target_choices

# A service's refusal (or a model's own validation) is a message on the page, never a 500.
REFUSALS = (Refusal, ValidationError)


# Staff pages of statements and templates (their get_absolute_url is the public page, or none).
def _statement_detail_url(statement):
    return reverse("staff_crises:statement_detail", kwargs={"pk": statement.pk})


def _template_detail_url(template):
    return reverse("staff_crises:template_detail", kwargs={"pk": template.pk})


# --- incidents -----------------------------------------------------------------------------
@require_safe
@permission_required_404(perms.VIEW_INCIDENT)
def incident_list(request):
    show_resolved = request.GET.get("selesai") == "1"
    if show_resolved:
        page = Paginator(selectors.incident_resolved_list(), 25).get_page(request.GET.get("page"))
        incidents = page
    else:
        page = None
        incidents = list(selectors.incident_dashboard())
    awaiting = list(selectors.statement_approval_queue(user=request.user)[:20])
    return render(
        request,
        "crises/incident_list.html",
        {
            "incidents": incidents,
            "page": page,
            "show_resolved": show_resolved,
            "now": timezone.now(),
            "awaiting": awaiting,
        },
    )


@permission_required_404(perms.ADD_INCIDENT)
def incident_create(request):
    form = IncidentForm(request.POST or None, initial={"owner": request.user})

    def save(data):
        return services.incident_open(
            actor=request.user,
            title=data["title"],
            severity=data["severity"],
            owner=data["owner"],
            description=data["description"],
            kind=data["kind"],
            team=data["team"],
            detected_at=data["detected_at"],
            releases=data["releases"],
        )

    return form_page(
        request,
        form,
        save,
        success=_("Insiden dicatat."),
        template="crises/incident_form.html",
        context={"incident": None},
    )


@permission_required_404(perms.CHANGE_INCIDENT)
def incident_edit(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    if not incident.is_open:
        raise Http404
    initial = {
        "title": incident.title,
        "kind": incident.kind,
        "description": incident.description,
        "detected_at": timezone.localtime(incident.detected_at),
        "owner": incident.owner,
        "team": list(incident.team.all()),
        "releases": list(incident.releases.all()),
    }
    form = IncidentForm(request.POST or None, initial=initial, editing=True)

    def save(data):
        services.incident_update(
            actor=request.user,
            incident=incident,
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            owner=data["owner"],
            team=data["team"],
            detected_at=data["detected_at"] or incident.detected_at,
            releases=data["releases"],
        )
        return incident

    return form_page(
        request,
        form,
        save,
        success=_("Insiden disimpan."),
        template="crises/incident_form.html",
        context={"incident": incident},
    )


@require_safe
@permission_required_404(perms.VIEW_INCIDENT)
def incident_detail(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    context = {
        "incident": incident,
        "now": timezone.now(),
        "timeline": selectors.incident_timeline(incident),
        "statements": incident.statements.select_related("drafted_by", "approved_by").order_by("-created_at"),
        "inquiries": selectors.inquiry_list(incident=incident),
        "cadence_minutes": selectors.cadence_minutes_map().get(incident.severity),
    }
    if incident.is_open:
        context["entry_form"] = TimelineEntryForm(incident=incident)
        context["severity_form"] = SeverityForm(initial={"severity": incident.severity})
        context["status_form"] = StatusForm(
            choices=target_choices(INCIDENT_WORKFLOW, incident, request.user, names={"respond", "monitor"})
        )
    return render(request, "crises/incident_detail.html", context)


@require_POST
@permission_required_404(perms.ADD_TIMELINEENTRY)
def timeline_add(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    form = TimelineEntryForm(request.POST, incident=incident)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.timeline_add(
                actor=request.user,
                incident=incident,
                kind=data["kind"],
                body=data["body"],
                is_public=data["is_public"],
                corrects=data["corrects"],
            )
        except REFUSALS as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Entri kronologi ditambahkan."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(incident)


@require_POST
@permission_required_404(perms.CHANGE_INCIDENT)
def incident_severity(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    form = SeverityForm(request.POST)
    if form.is_valid():
        try:
            services.incident_change_severity(
                actor=request.user,
                incident=incident,
                severity=form.cleaned_data["severity"],
                reason=form.cleaned_data["reason"],
            )
        except REFUSALS as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Tingkat keparahan diubah."))
    else:
        messages.error(request, _("Pilih tingkat keparahan dan tuliskan alasannya."))
    return redirect(incident)


@require_POST
@permission_required_404(perms.CHANGE_INCIDENT)
def incident_status(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    # Any state the declaration knows; the service says whether this move may be made now.
    form = StatusForm(request.POST, choices=Incident.Status.choices)
    if form.is_valid():
        try:
            services.incident_change_status(
                actor=request.user, incident=incident, status=form.cleaned_data["status"]
            )
        except REFUSALS as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Status diubah."))
    else:
        messages.error(request, _("Status tersebut tidak dapat dipilih."))
    return redirect(incident)


@permission_required_404(perms.RESOLVE_INCIDENT)
def incident_resolve(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    if "resolve" not in INCIDENT_WORKFLOW.action_names_for(incident, request.user):
        raise Http404
    loose_ends = selectors.incident_loose_ends(incident)
    form = ResolveForm(request.POST or None, loose_ends=loose_ends["any"])

    def save(data):
        services.incident_resolve(actor=request.user, incident=incident, **data)
        return incident

    return form_page(
        request,
        form,
        save,
        success=_("Insiden ditutup; tinjauan pascainsiden tersimpan."),
        template="crises/incident_resolve.html",
        context={"incident": incident, "loose_ends": loose_ends, "now": timezone.now()},
    )


# --- statements ----------------------------------------------------------------------------
@permission_required_404(perms.ADD_STATEMENT)
def statement_create(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    if not incident.is_open:
        raise Http404
    initial = {"title": _("Pernyataan Resmi: %(title)s") % {"title": incident.title}}
    templates = list(selectors.statement_templates_usable())
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("templat", "")), None)
    if chosen is not None:
        # Start from the template's text, so the drafter fills in the [BRACKETS] right here.
        initial.update({"template": chosen, "body": chosen.body})
    form = StatementDraftForm(request.POST or None, initial=initial)

    def save(data):
        statement = services.statement_draft(
            actor=request.user,
            incident=incident,
            title=data["title"],
            body=data["body"] or None,
            template=data["template"],
        )
        return _statement_detail_url(statement)

    return form_page(
        request,
        form,
        save,
        success=_("Draf pernyataan disimpan; minta persetujuan Sekretaris Pers."),
        template="crises/statement_form.html",
        context={"incident": incident, "templates": templates, "chosen": chosen},
    )


@require_safe
@permission_required_404(perms.VIEW_STATEMENT)
def statement_queue(request):
    """Holding statements waiting for approval across incidents, each with its incident's
    update clock (it keeps running while the statement waits): first those this user may
    approve, then those waiting for another approver (she drafted or edited them)."""
    waiting = list(selectors.statements_awaiting_approval()[:200])
    mine = {
        s.pk
        for s in selectors.statement_approval_queue(user=request.user).filter(pk__in=[s.pk for s in waiting])
    }
    return render(
        request,
        "crises/statement_queue.html",
        {
            "to_approve": [s for s in waiting if s.pk in mine],
            "others": [s for s in waiting if s.pk not in mine],
            "may_approve": request.user.has_perm(perms.APPROVE_STATEMENT),
            "now": timezone.now(),
        },
    )


@require_safe
@permission_required_404(perms.VIEW_STATEMENT)
def statement_detail(request, pk):
    statement = selectors.statement_get_for_user(request.user, pk)
    user = request.user
    # The buttons come from the declaration (template tag workflow_actions); the release form
    # offers sending only to whoever may send and while it was not sent yet.
    can_send = user.has_perm(perms.SEND_DISTRIBUTION) and statement.sent_at is None
    approve_refusal = STATEMENT_WORKFLOW.refusal_for("approve", statement, user)
    context = {
        "statement": statement,
        "incident": statement.incident,
        # Why an approver may not approve this one (they wrote or edited it): said up front.
        "four_eyes_refusal": approve_refusal if getattr(approve_refusal, "code", "") == "four_eyes" else None,
        "reject_form": RejectForm(),
        "release_form": ReleaseForm(can_send=can_send, initial={"publish": not statement.is_public}),
    }
    return render(request, "crises/statement_detail.html", context)


@permission_required_404(perms.CHANGE_STATEMENT)
def statement_edit(request, pk):
    statement = selectors.statement_get_for_user(request.user, pk)
    if "edit" not in STATEMENT_WORKFLOW.action_names_for(statement, request.user):
        raise Http404
    form = StatementForm(request.POST or None, initial={"title": statement.title, "body": statement.body})

    def save(data):
        services.statement_update(actor=request.user, statement=statement, **data)
        return _statement_detail_url(statement)

    return form_page(
        request,
        form,
        save,
        success=_("Draf pernyataan disimpan."),
        template="crises/statement_form.html",
        context={"incident": statement.incident, "statement": statement},
    )


@require_POST
@permission_required_404(perms.APPROVE_STATEMENT)
def statement_approve(request, pk):
    statement = selectors.statement_get_for_user(request.user, pk)
    try:
        services.statement_approve(actor=request.user, statement=statement)
    except REFUSALS as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Pernyataan disetujui."))
    return redirect("staff_crises:statement_detail", pk=statement.pk)


@require_POST
@permission_required_404(perms.APPROVE_STATEMENT)
def statement_reject(request, pk):
    statement = selectors.statement_get_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan catatan penolakan."))
    else:
        try:
            services.statement_reject(
                actor=request.user, statement=statement, comment=form.cleaned_data["comment"]
            )
        except REFUSALS as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Pernyataan dikembalikan ke penyusun."))
    return redirect("staff_crises:statement_detail", pk=statement.pk)


@require_POST
@permission_required_404(perms.RELEASE_STATEMENT)
def statement_release(request, pk):
    statement = selectors.statement_get_for_user(request.user, pk)
    can_send = request.user.has_perm(perms.SEND_DISTRIBUTION)
    form = ReleaseForm(request.POST, can_send=can_send)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Periksa pilihan rilis.")]:
            messages.error(request, error)
        return redirect("staff_crises:statement_detail", pk=statement.pk)
    try:
        services.statement_release(
            actor=request.user,
            statement=statement,
            publish=form.cleaned_data["publish"],
            contact_list=form.cleaned_data.get("contact_list"),
        )
    except REFUSALS as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Pernyataan dirilis."))
    return redirect("staff_crises:statement_detail", pk=statement.pk)


# --- templates -----------------------------------------------------------------------------
@require_safe
@permission_required_404(perms.VIEW_STATEMENTTEMPLATE)
def template_list(request):
    return render(
        request,
        "crises/template_list.html",
        {"templates": selectors.statement_templates(), "today": timezone.localdate()},
    )


@permission_required_404(perms.ADD_STATEMENTTEMPLATE)
def template_create(request):
    form = TemplateForm(request.POST or None)

    def save(data):
        return _template_detail_url(services.template_create(actor=request.user, **data))

    return form_page(
        request,
        form,
        save,
        success=_("Templat disimpan sebagai draf; minta persetujuan Sekretaris Pers."),
        template="crises/template_form.html",
        context={"template_obj": None},
    )


@require_safe
@permission_required_404(perms.VIEW_STATEMENTTEMPLATE)
def template_detail(request, pk):
    template = selectors.statement_template_get_for_user(request.user, pk)
    return render(
        request,
        "crises/template_detail.html",
        {
            "template_obj": template,
            "approve_form": TemplateApproveForm(
                initial={"review_date": timezone.localdate() + timedelta(days=services.TEMPLATE_REVIEW_DAYS)}
            ),
        },
    )


@permission_required_404(perms.CHANGE_STATEMENTTEMPLATE)
def template_edit(request, pk):
    template = selectors.statement_template_get_for_user(request.user, pk)
    form = TemplateForm(
        request.POST or None,
        initial={"title": template.title, "scenario": template.scenario, "body": template.body},
    )

    def save(data):
        services.template_update(actor=request.user, template=template, **data)
        return _template_detail_url(template)

    return form_page(
        request,
        form,
        save,
        success=_("Templat disimpan; perlu disetujui ulang."),
        template="crises/template_form.html",
        context={"template_obj": template},
    )


@require_POST
@permission_required_404(perms.APPROVE_STATEMENTTEMPLATE)
def template_approve(request, pk):
    template = selectors.statement_template_get_for_user(request.user, pk)
    form = TemplateApproveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services.template_approve(
                actor=request.user, template=template, review_date=form.cleaned_data["review_date"]
            )
        except REFUSALS as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Templat disetujui."))
    return redirect("staff_crises:template_detail", pk=template.pk)


# --- cadence -------------------------------------------------------------------------------
@permission_required_404(perms.CHANGE_SEVERITYCADENCE)
def cadence_edit(request):
    current = selectors.cadence_minutes_map()
    form = CadenceForm(request.POST or None, current=current)

    def save(_data):
        # The form turns its one field per severity into the mapping the service takes.
        services.cadence_update(actor=request.user, minutes_by_severity=form.minutes_by_severity())
        return "staff_crises:cadence"

    return form_page(
        request, form, save, success=_("Irama pembaruan disimpan."), template="crises/cadence_form.html"
    )


# --- media inquiries -----------------------------------------------------------------------
@require_safe
@permission_required_404(perms.VIEW_MEDIAINQUIRY)
def inquiry_list(request):
    filter_form = InquiryFilterForm(request.GET or None)
    status, open_only = None, False
    if filter_form.is_valid():
        status = filter_form.cleaned_data["status"] or None
        open_only = filter_form.cleaned_data["terbuka"]
    page = Paginator(selectors.inquiry_list(status=status, open_only=open_only), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "crises/inquiry_list.html",
        {"page": page, "filter_form": filter_form, "now": timezone.now()},
    )


@permission_required_404(perms.ADD_MEDIAINQUIRY)
def inquiry_create(request):
    initial = {"assignee": request.user, "channel": MediaInquiry.Channel.PHONE}
    incident_id = request.GET.get("insiden")
    if incident_id:
        with contextlib.suppress(ValueError, Incident.DoesNotExist):
            initial["incident"] = Incident.objects.get(pk=int(incident_id), status__in=Incident.ORDER[:3])
    form = InquiryForm(request.POST or None, initial=initial)

    def save(data):
        inquiry = services.inquiry_create(actor=request.user, data=data)
        # Logged from an incident's page: back to that incident.
        return inquiry.incident if inquiry.incident_id else "staff_crises:inquiry_list"

    return form_page(
        request,
        form,
        save,
        success=_("Pertanyaan media dicatat."),
        template="crises/inquiry_form.html",
        context={"inquiry": None},
    )


@permission_required_404(perms.CHANGE_MEDIAINQUIRY)
def inquiry_edit(request, pk):
    inquiry = selectors.inquiry_get_for_user(request.user, pk)
    # The inquiry's status and the moves the declaration lets this user make from it.
    status_choices = [
        (inquiry.status, inquiry.get_status_display()),
        *target_choices(INQUIRY_WORKFLOW, inquiry, request.user),
    ]
    form = InquiryForm(request.POST or None, instance=inquiry, status_choices=status_choices)

    def save(data):
        services.inquiry_update(actor=request.user, inquiry=inquiry, data=data)
        return "staff_crises:inquiry_list"

    return form_page(
        request,
        form,
        save,
        success=_("Pertanyaan media disimpan."),
        template="crises/inquiry_form.html",
        context={"inquiry": inquiry},
    )


# --- public --------------------------------------------------------------------------------
@require_safe
def public_statement_list(request):
    page = Paginator(selectors.statements_public(), 20).get_page(request.GET.get("page"))
    return render(request, "crises/public_statement_list.html", {"page": page})


@require_safe
def public_statement_detail(request, slug):
    statement, preview = selectors.statement_public_or_preview_get(request.user, slug)
    response = render(
        request, "crises/public_statement_detail.html", {"statement": statement, "preview": preview}
    )
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response
