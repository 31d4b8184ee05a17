from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from contacts.models import Journalist
from contacts.selectors import recipients_for
from kernel.access import permission_required_404
from kernel.exportjobs import export_job_create, export_needs_job
from kernel.exports import csv_response
from kernel.formviews import REFUSALS
from kernel.links import LinkProblem, link_read
from kernel.refusal import refusal_to_form, refusal_to_messages
from kernel.selectors import organisation_profile_get

from . import selectors, services
from .engagement import click_record, link_click_counts, page_open_counts, tracking_per_recipient
from .exporting import report_headers, report_rows
from .forms import DeliveryFilterForm, DistributionForm, TestSendForm
from .links import CLICK
from .mail import build_message
from .models import Distribution, FollowUp
from .permissions import SEND_DISTRIBUTION as SEND
from .permissions import VIEW_DISTRIBUTION as VIEW
from .registry import build_mail, builder_for, source_from_query, source_notice, source_share_text
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
                skip_received=form.cleaned_data["skip_received"],
            )
        except REFUSALS as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Draf distribusi dibuat. Periksa pratinjau, kirim uji, lalu kirim."))
            return redirect(dist.get_absolute_url())
    preview = None
    received = None
    if form.is_bound and form.is_valid():
        preview = selectors.distribution_recipients_preview(
            lists=form.cleaned_data["lists"], segments=form.cleaned_data["segments"]
        )
        received = selectors.distribution_received_count(
            None, lists=form.cleaned_data["lists"], segments=form.cleaned_data["segments"], source=source
        )
    earlier = selectors.distributions_for_source(source).exclude(started_at=None).count()
    return render(
        request,
        "distribution/create.html",
        {
            "form": form,
            "source": source,
            "notice": source_notice(source),
            "preview": preview,
            "received": received,
            "earlier_sends": earlier,
        },
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
    if dist.follow_up_of_id:
        first = selectors.follow_up_recipients(dist.follow_up_of, dist.follow_up_kind).first()
        return first or Journalist(name=_("Nama Wartawan"), email="wartawan@example.id")
    first = recipients_for(
        lists=list(dist.lists.all()),
        segments=list(dist.segments.all()),
        journalists=list(dist.journalists.all()),
    ).first()
    return first or Journalist(name=_("Nama Wartawan"), email="wartawan@example.id")


def _preview_mail(dist):
    journalist = _sample_recipient(dist)
    mail = build_mail(
        builder_for(dist.source, dist.kind), dist.source, journalist, None, follow_up=dist.follow_up_kind
    )
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
                "send_count": selectors.distribution_send_count(dist),
                "sender_unset": not organisation_profile_get().email,
                "received": 0 if dist.follow_up_of_id else selectors.distribution_received_count(dist),
                "follow_up_preview": (
                    selectors.follow_up_preview(dist.follow_up_of, dist.follow_up_kind)
                    if dist.follow_up_of_id
                    else None
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
    """Sending needs the person's confirmation of the number of recipients, checked here against
    the number the ledger would get now: a confirmation of another figure (a list changed since
    the page was drawn) sends nothing and shows the new figure."""
    dist = selectors.distribution_get(pk)
    if dist.status == Distribution.Status.DRAFT:
        expected = selectors.distribution_send_count(dist)
        if request.POST.get("confirm") != "1":
            messages.error(
                request,
                _("Centang konfirmasi pengiriman ke %(count)s penerima terlebih dahulu.")
                % {"count": expected},
            )
            return redirect(dist.get_absolute_url())
        if request.POST.get("expected") != str(expected):
            messages.error(
                request,
                _("Jumlah penerima berubah menjadi %(count)s. Periksa lagi, lalu konfirmasi.")
                % {"count": expected},
            )
            return redirect(dist.get_absolute_url())
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
    """Cancelling needs a confirmation too (the page says how many mails will then not go)."""
    dist = selectors.distribution_get(pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang konfirmasi pembatalan terlebih dahulu."))
        return redirect(dist.get_absolute_url())
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
    clicks = link_click_counts(dist)
    top = max((n for _url, n in clicks), default=0)
    root = selectors.follow_up_root(dist)
    whatsapp = source_share_text(dist.source)
    return render(
        request,
        "distribution/report.html",
        {
            "whatsapp_text": whatsapp,
            "whatsapp_url": "https://wa.me/?text=" + quote(whatsapp, safe="") if whatsapp else "",
            "dist": dist,
            "form": form,
            "page": page,
            "counts": selectors.distribution_counts(dist),
            "cancelled": selectors.distribution_cancelled_count(dist),
            "clicks": [
                {"url": url, "clicks": n, "width": round(100 * n / top, 1) if top else 0, "y": 22 * i}
                for i, (url, n) in enumerate(clicks[:20])
            ],
            "clicks_height": 22 * min(len(clicks), 20),
            "clicks_total": sum(n for _url, n in clicks),
            "page_opens": [(ENGAGEMENT_PAGES.get(what, what), n) for what, n in page_open_counts(dist)],
            "per_recipient": tracking_per_recipient(),
            "follow_ups": [
                {"kind": kind, "label": label, "count": selectors.follow_up_recipients(root, kind).count()}
                for kind, label in FollowUp.choices
            ]
            if root.started_at and request.user.has_perm(SEND)
            else [],
            "follow_up_list": list(root.follow_ups.order_by("-created_at")),
            "root": root,
        },
    )


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
    count = rows.count()
    if export_needs_job(count):
        # Thousands of deliveries: a worker writes the file; the page shows progress and the link.
        job = export_job_create(
            actor=request.user,
            kind="distribution.report",
            params={"distribution": dist.pk, "status": data.get("status") or "", "q": data.get("q") or ""},
            file_format="csv",
            description=_("Laporan pengiriman: %(subject)s (%(n)s baris)")
            % {"subject": dist.subject, "n": count},
            total=count,
        )
        return redirect(job)
    return csv_response(report_headers(), report_rows(rows), filename=f"distribusi-{dist.pk}.csv")


# Labels of the pages other apps count with engagement_record (what -> label).
ENGAGEMENT_PAGES = {
    "presskit": gettext_lazy("Kit media dibuka"),
    "embargo_room": gettext_lazy("Ruang embargo dibuka"),
}


@require_safe
def click(request, token):
    """The signed redirect of a link in a mail: counts the click and goes to the signed URL,
    never to another (a tampered or foreign token is a 404, not an open redirect)."""
    try:
        link = link_read(CLICK, token)
    except LinkProblem:
        raise Http404 from None
    url = link.extra.get("u")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise Http404
    delivery_id = link.extra.get("d")
    click_record(
        distribution_id=link.pk, url=url, delivery_id=delivery_id if isinstance(delivery_id, int) else None
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@permission_required_404(SEND)
def follow_up_create(request, pk):
    """From the report: a correction to everyone who received the original, a resend to those
    whose delivery failed temporarily, or an embargo-change notice. Shows how many it reaches
    (and how many are left out because they already got it); the POST needs a confirmation and
    makes a draft, reviewed and sent from its own page like any other."""
    original = selectors.follow_up_root(selectors.distribution_get(pk))
    kind = request.GET.get("jenis", "")
    if kind not in FollowUp.values:
        raise Http404
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Centang konfirmasi terlebih dahulu."))
        else:
            try:
                dist = services.distribution_follow_up_create(
                    original=original, kind=kind, actor=request.user
                )
            except REFUSALS as exc:
                refusal_to_messages(request, exc)
            else:
                messages.success(request, _("Draf tindak lanjut dibuat. Periksa pratinjau, lalu kirim."))
                return redirect(dist.get_absolute_url())
    open_follow_up = original.follow_ups.filter(follow_up_kind=kind, status__in=services.UNFINISHED).first()
    return render(
        request,
        "distribution/follow_up.html",
        {
            "original": original,
            "kind": kind,
            "kind_label": FollowUp(kind).label,
            "preview": selectors.follow_up_preview(original, kind),
            "open_follow_up": open_follow_up,
        },
    )
