from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from contacts.models import Journalist
from contacts.selectors import recipients_for
from kernel.access import permission_required_404
from kernel.exports import csv_response
from kernel.formviews import REFUSALS
from kernel.refusal import refusal_to_form, refusal_to_messages

from . import selectors, services
from .forms import DeliveryFilterForm, DistributionForm, TestSendForm
from .mail import build_message
from .models import Distribution
from .permissions import SEND_DISTRIBUTION as SEND
from .permissions import VIEW_DISTRIBUTION as VIEW
from .registry import builder_for, source_from_query, source_notice
from .workflows import DISTRIBUTION_WORKFLOW


def _source_for_send(query):
    """The source the create page was opened for (?release=<pk>, or whatever parameter the
    source's app registered); 404 when it is unknown or may not be sent."""
    source, _kind = source_from_query(query)
    if source is None:
        raise Http404
    return source


@require_safe
@permission_required_404(VIEW)
def distribution_list(request):
    page = Paginator(selectors.distribution_list(), 25).get_page(request.GET.get("page"))
    return render(request, "distribution/list.html", {"page": page, "can_send": request.user.has_perm(SEND)})


@permission_required_404(SEND)
def distribution_create(request):
    source = _source_for_send(request.GET)
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dist = services.distribution_create(
                actor=request.user,
                source=source,
                lists=form.cleaned_data["lists"],
                segments=form.cleaned_data["segments"],
                scheduled_at=form.cleaned_data["scheduled_at"],
            )
        except REFUSALS as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Draf distribusi dibuat. Periksa pratinjau, kirim uji, lalu kirim."))
            return redirect(dist.get_absolute_url())
    preview = None
    if form.is_bound and form.is_valid():
        preview = selectors.distribution_recipients_preview(
            lists=form.cleaned_data["lists"], segments=form.cleaned_data["segments"]
        )
    return render(
        request,
        "distribution/create.html",
        {"form": form, "source": source, "notice": source_notice(source), "preview": preview},
    )


@require_safe
@permission_required_404(SEND)
def recipient_count(request):
    form = DistributionForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    preview = selectors.distribution_recipients_preview(
        lists=data.get("lists") or [], segments=data.get("segments") or []
    )
    return render(request, "distribution/_recipient_count.html", {"preview": preview})


def _sample_recipient(dist):
    first = recipients_for(
        lists=list(dist.lists.all()),
        segments=list(dist.segments.all()),
        journalists=list(dist.journalists.all()),
    ).first()
    return first or Journalist(name=_("Nama Wartawan"), email="wartawan@example.id")


def _preview_mail(dist):
    journalist = _sample_recipient(dist)
    mail = builder_for(dist.source, dist.kind)(dist.source, journalist, None)
    message = build_message(mail, to_email=journalist.email, journalist=journalist)
    return journalist, mail, message


@require_safe
@permission_required_404(VIEW)
def distribution_detail(request, pk):
    dist = selectors.distribution_get(pk)
    ctx = {
        "dist": dist,
        "can_send": request.user.has_perm(SEND),
        "actions": DISTRIBUTION_WORKFLOW.action_names_for(dist, request.user),
        "progress": selectors.distribution_progress(dist),
    }
    if dist.status == Distribution.Status.DRAFT:
        journalist, mail, message = _preview_mail(dist)
        ctx.update(
            {
                "preview": selectors.distribution_recipients_preview(
                    lists=dist.lists.all(), segments=dist.segments.all(), journalists=dist.journalists.all()
                ),
                "sample": journalist,
                "mail": mail,
                "message": message,
                "test_form": TestSendForm(initial={"to_email": request.user.email}),
            }
        )
    return render(request, "distribution/detail.html", ctx)


@require_safe
@permission_required_404(VIEW)
def distribution_progress(request, pk):
    dist = selectors.distribution_get(pk)
    return render(
        request,
        "distribution/_progress.html",
        {
            "dist": dist,
            "progress": selectors.distribution_progress(dist),
            "can_send": request.user.has_perm(SEND),
            "actions": DISTRIBUTION_WORKFLOW.action_names_for(dist, request.user),
        },
    )


@require_safe
@xframe_options_sameorigin
@permission_required_404(VIEW)
def preview_html(request, pk):
    dist = selectors.distribution_get(pk)
    _journalist, mail, _message = _preview_mail(dist)
    response = HttpResponse(mail.html)
    # The mail HTML is shown in a sandboxed frame; nothing in it may run. Mail needs style="" (mail
    # clients ignore stylesheets), so this one document allows inline style but no script at all,
    # is sandboxed, and may be framed only by our own detail page (the site policy says 'none').
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
        "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox"
    )
    return response


def _action(request, pk, func, ok_message):
    dist = selectors.distribution_get(pk)
    try:
        func(actor=request.user, distribution=dist)
    except REFUSALS as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, ok_message)
    return redirect(dist.get_absolute_url())


@require_POST
@permission_required_404(SEND)
def start(request, pk):
    dist = selectors.distribution_get(pk)
    ok = _("Distribusi dijadwalkan.") if dist.scheduled_at else _("Pengiriman dimulai.")
    return _action(request, pk, services.distribution_start, ok)


@require_POST
@permission_required_404(SEND)
def pause(request, pk):
    return _action(request, pk, services.distribution_pause, _("Pengiriman dijeda."))


@require_POST
@permission_required_404(SEND)
def resume(request, pk):
    return _action(request, pk, services.distribution_resume, _("Pengiriman dilanjutkan."))


@require_POST
@permission_required_404(SEND)
def cancel(request, pk):
    return _action(request, pk, services.distribution_cancel, _("Distribusi dibatalkan."))


@require_POST
@permission_required_404(SEND)
def send_test(request, pk):
    dist = selectors.distribution_get(pk)
    form = TestSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alamat e-mail uji tidak valid."))
        return redirect(dist.get_absolute_url())
    try:
        services.distribution_send_test(
            actor=request.user, distribution=dist, to_email=form.cleaned_data["to_email"]
        )
    except REFUSALS as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(
            request, _("Surat uji dikirim ke %(email)s.") % {"email": form.cleaned_data["to_email"]}
        )
    return redirect(dist.get_absolute_url())


@require_safe
@permission_required_404(VIEW)
def report(request, pk):
    dist = selectors.distribution_get(pk)
    form = DeliveryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.delivery_report(dist, status=data.get("status"), q=data.get("q"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "distribution/report.html",
        {
            "dist": dist,
            "form": form,
            "page": page,
            "counts": selectors.distribution_counts(dist),
        },
    )


REPORT_HEADERS = [
    "nama",
    "email",
    "media",
    "status",
    "alasan",
    "percobaan",
    "terkirim_pada",
    "message_id",
    "balasan_smtp",
]


@require_POST  # audited download of personal data: never a GET a foreign page can trigger
@permission_required_404(VIEW)
def report_csv(request, pk):
    """The delivery report as CSV: names and addresses, so the download is audited."""
    dist = selectors.distribution_get(pk)
    form = DeliveryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.delivery_report(dist, status=data.get("status"), q=data.get("q"))
    services.distribution_report_export_log(
        actor=request.user, distribution=dist, filters={k: v for k, v in data.items() if v}
    )

    def lines():
        for d in rows.iterator(chunk_size=2000):
            yield [
                d.journalist.name,
                d.email,
                d.journalist.outlet.name if d.journalist.outlet else "",
                d.status,
                d.skip_reason,
                d.attempts,
                d.sent_at.isoformat() if d.sent_at else "",
                d.message_id,
                d.smtp_reply,
            ]

    return csv_response(REPORT_HEADERS, lines(), filename=f"distribusi-{dist.pk}.csv")
