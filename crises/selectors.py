"""Reads of crises, and the access helpers that answer 404 for what a user may not see."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from kernel.roles import KEPALA, SEKRETARIS, STAF, user_is_staff_member

from . import permissions as perms
from .models import (
    DEFAULT_CADENCE_MINUTES,
    Incident,
    MediaInquiry,
    SeverityCadence,
    Statement,
    StatementTemplate,
    TimelineEntry,
)


# --- cadence -------------------------------------------------------------------------------
def cadence_minutes_map():
    """{severity: minutes}: the configured rows over the defaults (one query)."""
    minutes = dict(DEFAULT_CADENCE_MINUTES)
    minutes.update(dict(SeverityCadence.objects.values_list("severity", "minutes")))
    return minutes


def cadence_for(severity, cadence_map=None):
    cadence_map = cadence_map or cadence_minutes_map()
    return timedelta(minutes=cadence_map.get(int(severity), DEFAULT_CADENCE_MINUTES[4]))


def next_update_due(incident, cadence_map=None):
    """Last public update (or the opening) plus the severity's cadence; None once resolved."""
    if incident.status == Incident.Status.RESOLVED:
        return None
    return incident.last_public_update_at + cadence_for(incident.severity, cadence_map)


# --- incidents -----------------------------------------------------------------------------
def _incident_base():
    return Incident.objects.select_related("owner").prefetch_related("team")


def incident_dashboard():
    """Open incidents, most severe first, then the most pressing update."""
    return (
        _incident_base()
        .exclude(status=Incident.Status.RESOLVED)
        .annotate(
            open_inquiries=Count(
                "inquiries", filter=~Q(inquiries__status__in=MediaInquiry.CLOSED_STATUSES), distinct=True
            )
        )
        .order_by("severity", "next_update_due_at", "-opened_at")
    )


def incident_resolved_list():
    return _incident_base().filter(status=Incident.Status.RESOLVED).order_by("-resolved_at")


def incident_get_for_user(user, pk):
    if not user_is_staff_member(user) or not user.has_perm(perms.VIEW_INCIDENT):
        raise Http404
    try:
        return (
            Incident.objects.select_related("owner", "created_by")
            .prefetch_related("team", "releases")
            .get(pk=pk)
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def incident_timeline(incident):
    return (
        TimelineEntry.objects.filter(incident=incident)
        .select_related("author", "corrects")
        .prefetch_related(Prefetch("corrections", queryset=TimelineEntry.objects.order_by("occurred_at")))
        .order_by("-occurred_at", "-id")
    )


def incidents_due_for_reminder(now=None):
    """Open incidents whose update is overdue and whose current overdue period was not yet
    reminded about (the sweep still claims each one by a conditional UPDATE)."""
    now = now or timezone.now()
    return (
        Incident.objects.exclude(status=Incident.Status.RESOLVED)
        .filter(next_update_due_at__lte=now)
        .filter(
            Q(last_overdue_reminder_for__isnull=True) | ~Q(last_overdue_reminder_for=F("next_update_due_at"))
        )
        .order_by("next_update_due_at")
    )


def crisis_leaders():
    """Active users holding Kepala Humas or Sekretaris Pers, with an e-mail address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[KEPALA, SEKRETARIS])
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def statement_approvers():
    """Active users who may approve holding statements (through a role or their own
    permissions), with an e-mail address: they are told when a draft awaits approval."""
    app_label, codename = perms.APPROVE_STATEMENT.split(".")
    grants = {"permissions__content_type__app_label": app_label, "permissions__codename": codename}
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__{k}": v for k, v in grants.items()})
            | Q(**{f"user_{k}": v for k, v in grants.items()})
        )
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def incident_staff_choices():
    """Who can own or join an incident: the press office (Staf, Sekretaris, Kepala), not PPID."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[KEPALA, SEKRETARIS, STAF])
        .distinct()
        .order_by("first_name", "username")
    )


# --- statements ----------------------------------------------------------------------------
def statements_public():
    """Every statement published on the public page, newest first."""
    return (
        Statement.objects.filter(
            status=Statement.Status.PUBLISHED, is_public=True, published_at__isnull=False
        )
        .select_related("incident")
        .order_by("-published_at", "-id")
    )


def statements_public_active():
    """Published statements of incidents still open, newest first (for the home page)."""
    return statements_public().exclude(incident__status=Incident.Status.RESOLVED)


def statement_public_get(slug):
    try:
        return statements_public().get(slug=slug)
    except Statement.DoesNotExist:
        raise Http404 from None


def statement_public_or_preview_get(user, slug):
    """(statement, is_preview): the public statement, or for staff who may see statements a
    preview of one not yet published. Everyone else gets 404 for anything not published."""
    try:
        return statements_public().get(slug=slug), False
    except Statement.DoesNotExist:
        pass
    if user_is_staff_member(user) and user.has_perm(perms.VIEW_STATEMENT):
        statement = Statement.objects.select_related("incident").filter(slug=slug).first()
        if statement is not None:
            return statement, True
    raise Http404


def statement_get_for_user(user, pk):
    if not user_is_staff_member(user) or not user.has_perm(perms.VIEW_STATEMENT):
        raise Http404
    try:
        return Statement.objects.select_related(
            "incident", "template", "drafted_by", "approved_by", "released_by", "sent_to"
        ).get(pk=pk)
    except (Statement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def statement_templates():
    return StatementTemplate.objects.select_related("edited_by", "approved_by").order_by("scenario", "title")


def statement_templates_usable():
    return StatementTemplate.objects.filter(
        status=StatementTemplate.Status.APPROVED, review_date__gte=timezone.localdate()
    ).order_by("scenario", "title")


def statement_template_get_for_user(user, pk):
    if not user_is_staff_member(user) or not user.has_perm(perms.VIEW_STATEMENTTEMPLATE):
        raise Http404
    try:
        return StatementTemplate.objects.select_related("edited_by", "approved_by").get(pk=pk)
    except (StatementTemplate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def statements_awaiting_approval():
    """Drafts waiting for a second pair of eyes, across incidents, the oldest first. A draft sent
    back with a note waits for its drafter instead, until it is edited (crises.services)."""
    return (
        Statement.objects.filter(status=Statement.Status.DRAFT, rejection_comment="")
        .select_related("incident", "drafted_by")
        .order_by("created_at", "pk")
    )


def statement_approval_queue(*, user):
    """The drafts `user` may approve: awaiting approval, and she is a second pair of eyes for
    them (neither the drafter nor an editor since the last approval: the workflow's rule, in SQL)."""
    from kernel.workflow import second_pair_of_eyes_queryset

    from .workflows import STATEMENT_WORKFLOW

    if not user.has_perm(perms.APPROVE_STATEMENT):
        return Statement.objects.none()
    return second_pair_of_eyes_queryset(STATEMENT_WORKFLOW, statements_awaiting_approval(), user)


def statements_returned_to(*, user):
    """This user's drafts that an approver sent back with a note."""
    if not user.has_perm(perms.VIEW_STATEMENT):
        return Statement.objects.none()
    return (
        Statement.objects.filter(status=Statement.Status.DRAFT, drafted_by=user)
        .exclude(rejection_comment="")
        .select_related("incident")
        .order_by("-updated_at", "-pk")
    )


def incidents_update_overdue(*, now=None):
    """Open incidents whose next public update (the severity's cadence) is past, the most late first."""
    now = now or timezone.now()
    return (
        Incident.objects.exclude(status=Incident.Status.RESOLVED)
        .filter(next_update_due_at__lte=now)
        .select_related("owner")
        .order_by("next_update_due_at", "pk")
    )


def inquiries_overdue(*, now=None):
    """Open media inquiries past their deadline, the most late first."""
    now = now or timezone.now()
    return (
        _inquiry_base()
        .exclude(status__in=MediaInquiry.CLOSED_STATUSES)
        .filter(deadline__lte=now)
        .order_by("deadline", "pk")
    )


# --- media inquiries -----------------------------------------------------------------------
def _inquiry_base():
    return MediaInquiry.objects.select_related("journalist", "journalist__outlet", "assignee", "incident")


def inquiry_list(*, status=None, incident=None, open_only=False):
    qs = _inquiry_base()
    if incident is not None:
        qs = qs.filter(incident=incident)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.exclude(status__in=MediaInquiry.CLOSED_STATUSES)
    return qs.order_by(F("deadline").asc(nulls_last=True), "-received_at")


def inquiries_for_journalist(journalist):
    """A journalist's inquiry history (for their contact page), newest first."""
    return _inquiry_base().filter(journalist=journalist).order_by("-received_at", "-id")


def inquiry_get_for_user(user, pk):
    if not user_is_staff_member(user) or not user.has_perm(perms.VIEW_MEDIAINQUIRY):
        raise Http404
    try:
        return _inquiry_base().get(pk=pk)
    except (MediaInquiry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def incident_loose_ends(incident):
    """What closing an incident would leave behind: its inquiries still unanswered (the overdue
    first) and its statements not released yet (drafts, approved but never sent or published)."""
    inquiries = list(
        MediaInquiry.objects.filter(incident=incident)
        .exclude(status__in=MediaInquiry.CLOSED_STATUSES)
        .select_related("journalist")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    statements = list(
        Statement.objects.filter(incident=incident).exclude(status=Statement.Status.PUBLISHED).order_by("pk")
    )
    return {"inquiries": inquiries, "statements": statements, "any": bool(inquiries or statements)}
