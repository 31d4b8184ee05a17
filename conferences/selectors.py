"""Reads of conferences: lists, access helpers (404 on anything the user may not see), RSVP
counts, attendees and no-shows."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from kernel.links import link_code_read, link_read

from . import links
from . import permissions as perms
from .models import Attendance, Conference, Invitation, Speaker


def conference_list_staff(*, status=None, q=None):
    qs = Conference.objects.annotate(
        invited_count=Count("invitations", distinct=True),
        yes_count=Count("invitations", filter=Q(invitations__answer=Invitation.Answer.YES), distinct=True),
        attended_count=Count("attendances", distinct=True),
    ).order_by("-starts_at")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(venue_name__icontains=q))
    return qs


def conference_get_for_staff(user, pk):
    """Any staff member with the view permission sees every conference; others get 404."""
    if not user.has_perm(perms.VIEW_CONFERENCE):
        raise Http404
    try:
        return Conference.objects.select_related("release", "created_by").get(pk=pk)
    except (Conference.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _public_qs():
    return Conference.objects.filter(is_public=True).prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("order", "pk"))
    )


# Where a conference belongs on a schedule is a matter of the clock, not of its status: beat
# marks it "held" only after it ended, and "Akan datang" must not hold one that has begun.
def _upcoming(qs, now):
    return qs.filter(starts_at__gt=now).order_by("starts_at")


def _in_progress(qs, now):
    return qs.filter(starts_at__lte=now, ends_at__gt=now).exclude(status=Conference.Status.CANCELLED)


def conference_list_public_upcoming(*, now=None):
    """Public conferences that have not started yet (cancelled ones too, marked so)."""
    return _upcoming(_public_qs(), now or timezone.now())


def conference_list_public_in_progress(*, now=None):
    return _in_progress(_public_qs(), now or timezone.now()).order_by("starts_at")


def conference_list_public_recent(*, now=None, days=90, limit=10):
    """Finished ones ("Selesai"): ended in the last `days` days, or cancelled after their start."""
    now = now or timezone.now()
    return (
        _public_qs()
        .filter(starts_at__lte=now, ends_at__gte=now - timedelta(days=days))
        .exclude(pk__in=_in_progress(Conference.objects.all(), now).values("pk"))
        .order_by("-starts_at")[:limit]
    )


def conference_time_groups(qs, *, now=None):
    """Split a staff list (one page of it) into upcoming, in progress and finished, in the order
    a press officer reads them: what is on now first, then what comes, then what is done."""
    now = now or timezone.now()
    groups = {"in_progress": [], "upcoming": [], "past": []}
    for conference in qs:
        if conference.starts_at > now:
            groups["upcoming"].append(conference)
        elif conference.ends_at > now and conference.status != Conference.Status.CANCELLED:
            groups["in_progress"].append(conference)
        else:
            groups["past"].append(conference)
    groups["upcoming"].sort(key=lambda c: c.starts_at)
    return groups


def conference_list_public():
    """Every public conference (each has its public page, cancelled ones marked so), newest first."""
    return Conference.objects.filter(is_public=True).order_by("-starts_at", "-id")


def conference_list_public_held(*, now=None):
    """Public conferences held already: records of what the office announced (KIP "berkala")."""
    now = now or timezone.now()
    return Conference.objects.filter(
        is_public=True, status=Conference.Status.HELD, starts_at__lte=now
    ).order_by("-starts_at", "-id")


def conference_list_feed(*, now=None):
    """The subscription feed: public conferences still to come (cancelled ones too, marked so,
    so a subscribed calendar drops them), plus the last 30 days for context."""
    now = now or timezone.now()
    return _public_qs().filter(ends_at__gte=now - timedelta(days=30)).order_by("starts_at")


def conference_get_public(slug):
    conference = (
        _public_qs().select_related("release").filter(slug=slug).first() if isinstance(slug, str) else None
    )
    if conference is None:
        raise Http404
    return conference


def invitation_get_by_token(token):
    """The invitation of a signed RSVP link, or kernel.links.LinkInvalid / LinkGone (the view shows
    the calm page: a tampered token, a deleted invitation, an erased journalist)."""
    return link_read(links.RSVP, token).obj


def invitation_get_by_checkin_code(conference, code):
    """The invitation a scanned code stands for, only if it belongs to this conference."""
    pk = link_code_read(links.CHECKIN, code)
    if pk is None:
        return None
    return (
        Invitation.objects.select_related("journalist", "journalist__outlet")
        .filter(pk=pk, conference=conference)
        .first()
    )


def rsvp_counts(conference):
    rows = conference.invitations.values("answer").annotate(n=Count("pk"))
    counts = {"yes": 0, "no": 0, "maybe": 0, "none": 0}
    for row in rows:
        counts[row["answer"] or "none"] += row["n"]
    counts["total"] = sum(counts.values())
    counts["attended"] = conference.attendances.count()
    counts["walk_in"] = conference.attendances.filter(is_walk_in=True).count()
    return counts


def invitation_list(conference, *, answer=None, q=None):
    qs = (
        conference.invitations.select_related("journalist", "journalist__outlet")
        .annotate(
            checked_in=Exists(
                Attendance.objects.filter(conference=conference, journalist=OuterRef("journalist"))
            )
        )
        .order_by("journalist__name", "pk")
    )
    if answer == "none":
        qs = qs.filter(answer="")
    elif answer:
        qs = qs.filter(answer=answer)
    if q:
        qs = qs.filter(
            Q(journalist__name__icontains=q)
            | Q(journalist__outlet__name__icontains=q)
            | Q(journalist__email__icontains=q)
        )
    return qs


def attendance_list(conference):
    return conference.attendances.select_related(
        "journalist", "journalist__outlet", "checked_in_by"
    ).order_by("checked_in_at", "pk")


def attendee_journalists(conference):
    """Contactable journalists who came (for the follow-up to attendees)."""
    from contacts.models import Journalist

    return Journalist.objects.filter(
        attendances__conference=conference, do_not_contact=False, erased_at__isnull=True
    ).distinct()


def absentee_journalists(conference):
    """Invitees who did not come (whatever they answered)."""
    from contacts.models import Journalist

    came = Attendance.objects.filter(conference=conference, journalist__isnull=False).values("journalist")
    return Journalist.objects.filter(
        invitations__conference=conference, do_not_contact=False, erased_at__isnull=True
    ).exclude(pk__in=came)


def reminder_journalists(conference):
    from contacts.models import Journalist

    return Journalist.objects.filter(
        invitations__conference=conference,
        invitations__answer__in=[Invitation.Answer.YES, Invitation.Answer.MAYBE],
        do_not_contact=False,
        erased_at__isnull=True,
    )


def invitee_journalists(conference):
    from contacts.models import Journalist

    return Journalist.objects.filter(
        invitations__conference=conference, do_not_contact=False, erased_at__isnull=True
    )


def overlapping_conferences(*, starts_at, ends_at, exclude_pk=None):
    """Planned (or rescheduled) conferences whose time range overlaps [starts_at, ends_at)."""
    qs = Conference.objects.filter(
        status__in=Conference.ACTIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("starts_at")


def conferences_due_for_reminder(*, now=None):
    """Active conferences not yet reminded, whose reminder time has come and that have not started."""
    from django.db.models import DurationField, ExpressionWrapper, F, Value

    now = now or timezone.now()
    lead = ExpressionWrapper(F("reminder_hours") * Value(timedelta(hours=1)), output_field=DurationField())
    return (
        Conference.objects.filter(
            status__in=Conference.ACTIVE_STATUSES,
            reminder_sent_at__isnull=True,
            reminder_hours__gt=0,
            starts_at__gt=now,
        )
        .annotate(remind_from=F("starts_at") - lead)
        .filter(remind_from__lte=now)
        .order_by("starts_at")
    )


def conferences_to_mark_held(*, now=None):
    now = now or timezone.now()
    return Conference.objects.filter(status__in=Conference.ACTIVE_STATUSES, ends_at__lte=now)


def conference_distributions(conference):
    """The sends about this conference (invitations, reminder, notices, follow-ups) with their
    delivery counts, in one query."""
    from distribution.selectors import distributions_for_source

    return (
        distributions_for_source(conference)
        .annotate(
            total=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__status="sent")),
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
        )
        .order_by("-created_at", "-pk")
    )
