"""Public pages of conferences: schedule, one page per conference, iCalendar, and the personal
RSVP page a journalist reaches from the invitation."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kernel.links import LinkProblem, link_problem_response
from kernel.refusal import Refusal, refusal_to_messages
from kernel.selectors import organisation_profile_get

from . import selectors, services
from .ical import conference_ics, feed_ics
from .links import checkin_code
from .mails import qr_svg
from .models import Invitation


def _ics_response(data, filename):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def schedule(request):
    return render(
        request,
        "conferences/public/schedule.html",
        {
            "in_progress": selectors.conference_list_public_in_progress(),
            "upcoming": selectors.conference_list_public_upcoming(),
            "recent": selectors.conference_list_public_recent(),
        },
    )


@require_safe
def detail(request, slug):
    conference = selectors.conference_get_public(slug)
    return render(
        request,
        "conferences/public/detail.html",
        {"conference": conference, "speakers": conference.speakers.all()},
    )


@require_safe
def detail_ics(request, slug):
    conference = selectors.conference_get_public(slug)
    return _ics_response(conference_ics(conference), f"konferensi-pers-{conference.pk}.ics")


@require_safe
def feed(request):
    org = organisation_profile_get()
    name = _("Konferensi pers %(org)s") % {"org": org.short_name or org.name}
    return _ics_response(feed_ics(selectors.conference_list_feed(), name=name), "konferensi-pers.ics")


@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    """Anyone holding the signed link may answer for that invitation; a tampered token, or one of
    an invitation that is gone (deleted, the journalist erased), shows the calm link page.
    GET never changes the answer (mail scanners follow links): the buttons POST."""
    try:
        invitation = selectors.invitation_get_by_token(token)
    except LinkProblem as problem:
        return link_problem_response(request, problem)
    conference = invitation.conference
    if request.method == "POST":
        try:
            services.rsvp_answer(invitation=invitation, answer=request.POST.get("answer", ""))
        except Refusal as exc:
            refusal_to_messages(request, exc)
        else:
            messages.success(request, _("Terima kasih, jawaban Anda tersimpan."))
        return redirect("conferences:rsvp", token=token)
    suggested = request.GET.get("jawaban")
    if suggested not in Invitation.Answer.values:
        suggested = None
    code = checkin_code(invitation)
    return render(
        request,
        "conferences/public/rsvp.html",
        {
            "invitation": invitation,
            "conference": conference,
            "speakers": conference.speakers.all(),
            "answers": Invitation.Answer.choices,
            "suggested": suggested if conference.rsvp_open else None,
            "token": token,
            "checkin_code": code,
            "qr_svg": qr_svg(code) if conference.is_active else "",
        },
    )


@require_safe
def rsvp_ics(request, token):
    try:
        invitation = selectors.invitation_get_by_token(token)
    except LinkProblem as problem:
        return link_problem_response(request, problem)
    conference = invitation.conference
    return _ics_response(conference_ics(conference), f"konferensi-pers-{conference.pk}.ics")
