"""Staff views of conferences: thin — access helper, form, service, redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import DateTimeField
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kernel.access import permission_required_404
from kernel.exportjobs import export_job_create, export_needs_job
from kernel.formviews import form_page
from kernel.refusal import Refusal, refusal_to_form, refusal_to_messages

from . import exports, selectors, services
from . import permissions as perms
from .forms import CancelForm, CheckinCodeForm, ConferenceForm, InviteForm, RescheduleForm, WalkInForm
from .models import Conference, Invitation
from .workflows import CONFERENCE_WORKFLOW

VIEW = perms.VIEW_CONFERENCE
CHECKIN = perms.CHECKIN_CONFERENCE


def _send_or_404(request):
    # Sending is Sekretaris Pers / Kepala Humas only; others do not even learn the page exists.
    if not request.user.has_perm(perms.SEND_CONFERENCE_MAIL):
        raise Http404


def _overlap_warning(request, conference):
    others = list(
        selectors.overlapping_conferences(
            starts_at=conference.starts_at, ends_at=conference.ends_at, exclude_pk=conference.pk
        )[:3]
    )
    if others:
        names = "; ".join(
            f"{o.title} ({timezone.localtime(o.starts_at):%d-%m-%Y %H.%M}–{timezone.localtime(o.ends_at):%H.%M} WIB)"
            for o in others
        )
        messages.warning(
            request, _("Perhatian: waktunya bertabrakan dengan konferensi lain: %(names)s") % {"names": names}
        )


@require_safe
@permission_required_404(VIEW)
def conference_list(request):
    status = request.GET.get("status") or None
    if status not in Conference.Status.values:
        status = None
    q = (request.GET.get("q") or "").strip()[:100]
    page = Paginator(selectors.conference_list_staff(status=status, q=q), 25).get_page(
        request.GET.get("page")
    )
    groups = selectors.conference_time_groups(page.object_list)
    return render(
        request,
        "conferences/staff/list.html",
        {
            "page": page,
            "groups": [
                ("in_progress", _("Sedang berlangsung"), groups["in_progress"]),
                ("upcoming", _("Akan datang"), groups["upcoming"]),
                ("past", _("Selesai"), groups["past"]),
            ],
            "status": status,
            "q": q,
            "statuses": Conference.Status.choices,
            "can_add": request.user.has_perm(perms.ADD_CONFERENCE),
        },
    )


@require_safe
@permission_required_404(VIEW)
def overlap_check(request):
    """The form's live warning (htmx): planned conferences overlapping the times being typed.
    A warning only: saving is never blocked by it."""
    field = DateTimeField(required=False)
    try:
        starts_at = field.clean(request.GET.get("starts_at"))
        ends_at = field.clean(request.GET.get("ends_at"))
    except ValidationError:
        starts_at = ends_at = None
    exclude = request.GET.get("exclude")
    overlaps = []
    if starts_at and ends_at and ends_at > starts_at:
        overlaps = list(
            selectors.overlapping_conferences(
                starts_at=starts_at,
                ends_at=ends_at,
                exclude_pk=int(exclude) if (exclude or "").isdigit() else None,
            )[:5]
        )
    return render(request, "conferences/staff/_overlap_warning.html", {"overlaps": overlaps})


@permission_required_404(perms.ADD_CONFERENCE)
def conference_create(request):
    form = ConferenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conference = services.conference_create(
            actor=request.user, data=form.data_for_service, speakers=form.speakers
        )
        messages.success(request, _("Konferensi pers dibuat."))
        _overlap_warning(request, conference)
        return redirect("staff_conferences:detail", pk=conference.pk)
    return render(request, "conferences/staff/form.html", {"form": form, "conference": None})


@permission_required_404(perms.CHANGE_CONFERENCE)
def conference_edit(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    if conference.status == Conference.Status.CANCELLED:
        messages.error(request, _("Konferensi yang sudah dibatalkan tidak dapat diubah."))
        return redirect("staff_conferences:detail", pk=pk)
    lock = conference.invitations_sent_at is not None
    form = ConferenceForm(
        request.POST if request.method == "POST" else None, instance=conference, lock_times=lock
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_update(
                actor=request.user, conference=conference, data=form.data_for_service, speakers=form.speakers
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            _overlap_warning(request, conference)
            return redirect("staff_conferences:detail", pk=conference.pk)
    # ModelForm.is_valid() wrote the posted values onto the instance; show the stored ones.
    conference.refresh_from_db()
    overlaps = selectors.overlapping_conferences(
        starts_at=conference.starts_at, ends_at=conference.ends_at, exclude_pk=conference.pk
    )[:5]
    return render(
        request, "conferences/staff/form.html", {"form": form, "conference": conference, "overlaps": overlaps}
    )


def _with_links(distributions):
    rows = list(distributions)
    for row in rows:
        row.kind_label = services.KIND_LABELS.get(row.kind, row.kind)
        try:
            row.link = row.get_absolute_url()
        except NoReverseMatch:
            row.link = ""
    return rows


@require_safe
@permission_required_404(VIEW)
def conference_detail(request, pk):
    """The RSVP dashboard: counts, names and answers, and the actions the user may take."""
    conference = selectors.conference_get_for_staff(request.user, pk)
    answer = request.GET.get("jawaban") or None
    if answer not in (*Invitation.Answer.values, "none"):
        answer = None
    q = (request.GET.get("q") or "").strip()[:100]
    invitations = Paginator(selectors.invitation_list(conference, answer=answer, q=q), 100).get_page(
        request.GET.get("page")
    )
    overlaps = []
    if conference.is_active:
        overlaps = list(
            selectors.overlapping_conferences(
                starts_at=conference.starts_at, ends_at=conference.ends_at, exclude_pk=conference.pk
            )[:5]
        )
    return render(
        request,
        "conferences/staff/detail.html",
        {
            "conference": conference,
            "speakers": conference.speakers.all(),
            "counts": selectors.rsvp_counts(conference),
            "invitations": invitations,
            "answer": answer,
            "q": q,
            "answers": Invitation.Answer.choices,
            "walk_ins": conference.attendances.filter(is_walk_in=True).order_by("checked_in_at"),
            "overlaps": overlaps,
            # The moves come from the declaration (conferences.workflows); the rest are not moves.
            "actions": CONFERENCE_WORKFLOW.action_names_for(conference, request.user),
            "can_change": request.user.has_perm(perms.CHANGE_CONFERENCE),
            "can_checkin": request.user.has_perm(CHECKIN),
            "now": timezone.now(),
            "distributions": _with_links(selectors.conference_distributions(conference)),
        },
    )


@permission_required_404(VIEW)
def conference_invite(request, pk):
    _send_or_404(request)
    conference = selectors.conference_get_for_staff(request.user, pk)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitations_send(
                actor=request.user,
                conference=conference,
                lists=form.cleaned_data["lists"],
                segments=form.cleaned_data["segments"],
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Undangan sedang dikirim lewat distribusi."))
            return redirect("staff_conferences:detail", pk=conference.pk)
    return render(request, "conferences/staff/invite.html", {"form": form, "conference": conference})


@permission_required_404(VIEW)
def conference_reschedule(request, pk):
    _send_or_404(request)
    conference = selectors.conference_get_for_staff(request.user, pk)
    initial = {
        "starts_at": timezone.localtime(conference.starts_at),
        "ends_at": timezone.localtime(conference.ends_at),
    }
    form = RescheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conference, _dist = services.conference_reschedule(
                actor=request.user,
                conference=conference,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Jadwal baru disimpan; semua undangan diberi tahu."))
            _overlap_warning(request, conference)
            return redirect("staff_conferences:detail", pk=conference.pk)
    return render(
        request,
        "conferences/staff/status_form.html",
        {"form": form, "conference": conference, "action": "reschedule"},
    )


@permission_required_404(VIEW)
def conference_cancel(request, pk):
    _send_or_404(request)
    conference = selectors.conference_get_for_staff(request.user, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)

    def save(data):
        services.conference_cancel(actor=request.user, conference=conference, reason=data["reason"])
        return reverse("staff_conferences:detail", kwargs={"pk": conference.pk})

    return form_page(
        request,
        form,
        save,
        success=_("Konferensi dibatalkan; semua undangan diberi tahu."),
        template="conferences/staff/status_form.html",
        context={"conference": conference, "action": "cancel"},
    )


@require_POST
@permission_required_404(VIEW)
def conference_followup(request, pk, audience):
    _send_or_404(request)
    conference = selectors.conference_get_for_staff(request.user, pk)
    try:
        services.followup_send(actor=request.user, conference=conference, audience=audience)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Tindak lanjut sedang dikirim lewat distribusi."))
    return redirect("staff_conferences:detail", pk=conference.pk)


@require_POST
@permission_required_404(perms.CHANGE_CONFERENCE)
def conference_mark_held(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    try:
        services.conference_mark_held(actor=request.user, conference=conference)
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Konferensi ditandai terlaksana."))
    return redirect("staff_conferences:detail", pk=conference.pk)


# --- check-in (the door, on a phone) ----------------------------------------------------------
def _checkin_context(request, conference, q):
    results = []
    if q:
        results = list(selectors.invitation_list(conference, q=q)[:30])
    return {
        "conference": conference,
        "q": q,
        "results": results,
        "counts": selectors.rsvp_counts(conference),
        "code_form": CheckinCodeForm(),
        "walk_in_form": WalkInForm(),
        "checkin_closed": services.checkin_refusal(conference),
    }


@require_safe
@permission_required_404(CHECKIN)
def checkin(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    q = (request.GET.get("q") or "").strip()[:100]
    context = _checkin_context(request, conference, q)
    if request.htmx and request.htmx.target == "checkin-results":
        return render(request, "conferences/staff/_checkin_results.html", context)
    return render(request, "conferences/staff/checkin.html", context)


def _checkin_message(request, attendance, created):
    if created:
        messages.success(request, _("%(name)s tercatat hadir.") % {"name": attendance.name})
    else:
        messages.info(
            request,
            _("%(name)s sudah tercatat hadir pada %(time)s WIB.")
            % {"name": attendance.name, "time": f"{timezone.localtime(attendance.checked_in_at):%H.%M}"},
        )


def _back_to_checkin(request, conference):
    url = reverse("staff_conferences:checkin", kwargs={"pk": conference.pk})
    q = (request.POST.get("q") or "").strip()[:100]
    return redirect(f"{url}?q={q}" if q else url)


@require_POST
@permission_required_404(CHECKIN)
def checkin_invitation(request, pk, invitation_pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    invitation = (
        conference.invitations.select_related("journalist", "journalist__outlet")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        raise Http404
    try:
        attendance, created = services.checkin_invitation(
            actor=request.user, conference=conference, invitation=invitation
        )
    except Refusal as exc:
        refusal_to_messages(request, exc)
        return _back_to_checkin(request, conference)
    if request.htmx:
        invitation.checked_in = True
        return render(
            request,
            "conferences/staff/_checkin_row.html",
            {
                "conference": conference,
                "inv": invitation,
                "just_checked": created,
                "attendance": attendance,
                "q": "",
            },
        )
    _checkin_message(request, attendance, created)
    return _back_to_checkin(request, conference)


@require_POST
@permission_required_404(CHECKIN)
def checkin_code(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    form = CheckinCodeForm(request.POST)
    invitation = None
    if form.is_valid():
        invitation = selectors.invitation_get_by_checkin_code(conference, form.cleaned_data["code"])
    if invitation is None:
        messages.error(request, _("Kode tidak dikenali atau bukan untuk konferensi ini."))
        return _back_to_checkin(request, conference)
    try:
        attendance, created = services.checkin_invitation(
            actor=request.user, conference=conference, invitation=invitation
        )
    except Refusal as exc:
        refusal_to_messages(request, exc)
    else:
        _checkin_message(request, attendance, created)
    return _back_to_checkin(request, conference)


@permission_required_404(CHECKIN)
def walk_in(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    closed = services.checkin_refusal(conference)
    if closed is not None:
        refusal_to_messages(request, closed)
        return redirect("staff_conferences:checkin", pk=conference.pk)
    form = WalkInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance, created = services.checkin_walk_in(
                actor=request.user, conference=conference, **form.cleaned_data
            )
        except Refusal as exc:
            refusal_to_form(form, exc)
        else:
            _checkin_message(request, attendance, created)
            return redirect("staff_conferences:checkin", pk=conference.pk)
    return render(request, "conferences/staff/walk_in.html", {"form": form, "conference": conference})


@require_POST  # audited download of personal data: never a GET a foreign page can trigger
@permission_required_404(perms.VIEW_ATTENDANCE)
def attendance_export_csv(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    services.attendance_export_log(actor=request.user, conference=conference, file_format="csv")
    count = conference.attendances.count()
    if export_needs_job(count):
        job = export_job_create(
            actor=request.user,
            kind="conferences.attendance",
            params={"conference": conference.pk},
            file_format="csv",
            description=_("Daftar hadir: %(title)s (%(n)s orang)") % {"title": conference.title, "n": count},
            total=count,
        )
        return redirect(job)
    return exports.attendance_csv_response(conference, filename=f"daftar-hadir-{conference.pk}.csv")


@require_POST  # audited download of personal data: never a GET a foreign page can trigger
@permission_required_404(perms.VIEW_ATTENDANCE)
def attendance_export_xlsx(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    services.attendance_export_log(actor=request.user, conference=conference, file_format="xlsx")
    return exports.attendance_xlsx_response(conference, filename=f"daftar-hadir-{conference.pk}.xlsx")


@require_POST  # audited download of personal data: never a GET a foreign page can trigger
@permission_required_404(perms.VIEW_ATTENDANCE)
def attendance_export_pdf(request, pk):
    conference = selectors.conference_get_for_staff(request.user, pk)
    pdf = exports.attendance_pdf(conference)
    services.attendance_export_log(actor=request.user, conference=conference, file_format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{conference.pk}.pdf"'
    return response
