"""Every write of crises: keyword-only, an actor, atomic, audited; mail queued on commit.

Every state change is a move declared in crises/workflows.py and made by `Workflow.run` (lock,
check state/permission/second pair of eyes, save, audit, effects after commit). A refusal is a
kernel Refusal with its Indonesian message; nothing is written then. Staff mail goes through
kernel.notifications.notification_send (one row per recipient, delivered after commit)."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.access import actor_require
from kernel.audit import audit_record
from kernel.notifications import notification_send
from kernel.refusal import Refusal
from kernel.sanitize import rich_text_is_empty, sanitize_html
from kernel.text import plain_text, unique_slug

from . import permissions as perms
from .models import (
    Incident,
    MediaInquiry,
    Scenario,
    SeverityCadence,
    Statement,
    StatementTemplate,
    TimelineEntry,
)
from .selectors import cadence_minutes_map, crisis_leaders, next_update_due, statement_approvers
from .workflows import (
    INCIDENT_WORKFLOW,
    INQUIRY_WORKFLOW,
    PLACEHOLDER_RE,  # noqa: F401  (kept importable from here)
    STATEMENT_WORKFLOW,
    TEMPLATE_WORKFLOW,
    transition_to,
)

logger = logging.getLogger(__name__)

NOTIFY_SEVERITIES = (1, 2)
TEMPLATE_REVIEW_DAYS = 180


# The one permission check of services (kernel.access): a Refusal, never PermissionDenied.
_require = actor_require


def _full_clean(obj, **kwargs):
    # A model's own validation is a refusal too (a message, never a 500).
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise Refusal.from_validation_error(exc) from None


def _notify(*, recipients, subject, body, kind, obj):
    """Staff mail: a Notification row per recipient inside the caller's transaction, sent
    after commit (the mail leaves only once the change it announces is committed)."""
    return notification_send(recipients=recipients, subject=subject, body=body, kind=kind, obj=obj)


def _incident_mail(template, incident, **extra):
    from django.conf import settings

    context = {"incident": incident, "site_url": settings.HUMAS_SITE_URL, **extra}
    return render_to_string(template, context)


def _notify_leaders_of_severe(incident):
    subject = _("[KRISIS %(sev)s] %(title)s") % {"sev": incident.severity, "title": incident.title}
    body = _incident_mail("crises/mail/incident_severe.txt", incident)
    _notify(
        recipients=crisis_leaders(), subject=subject, body=body, kind="crises.incident_severe", obj=incident
    )


def _recompute_due(incident, cadence_map=None):
    incident.next_update_due_at = next_update_due(incident, cadence_map)


# --- incidents -----------------------------------------------------------------------------
def incident_open(
    *,
    actor,
    title,
    severity,
    owner,
    description="",
    kind=Scenario.GENERAL,
    team=(),
    detected_at=None,
    releases=(),
):
    _require(actor, perms.ADD_INCIDENT)
    severity = int(severity)
    if severity not in (1, 2, 3, 4):
        raise Refusal(_("Tingkat keparahan harus 1 sampai 4."))
    now = timezone.now()
    with transaction.atomic():
        incident = Incident(
            title=plain_text(title).strip(),
            description=plain_text(description),
            kind=kind,
            severity=severity,
            owner=owner,
            detected_at=detected_at or now,
            opened_at=now,
            last_public_update_at=now,
            created_by=actor,
        )
        _recompute_due(incident)
        _full_clean(incident)
        incident.save()
        incident.team.set(team)
        incident.releases.set(releases)
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineEntry.Kind.EVENT,
            body=_("Insiden dibuka dengan tingkat keparahan %(sev)s.") % {"sev": severity},
            author=actor,
            occurred_at=now,
        )
        audit_record(
            actor=actor,
            action="incident.open",
            obj=incident,
            to_state=incident.status,
            data={"severity": severity, "kind": kind},
        )
        if severity in NOTIFY_SEVERITIES:
            _notify_leaders_of_severe(incident)
    return incident


def incident_update(*, actor, incident, title, description, kind, owner, team, detected_at, releases):
    """Edit the descriptive fields (severity and status have their own audited actions)."""
    _require(actor, perms.CHANGE_INCIDENT)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise Refusal(_("Insiden yang sudah selesai tidak dapat diubah."))
        changed = {}
        for field, value in {
            "title": plain_text(title).strip(),
            "description": plain_text(description),
            "kind": kind,
            "owner": owner,
            "detected_at": detected_at,
        }.items():
            if getattr(incident, field) != value:
                changed[field] = {"from": getattr(incident, field), "to": value}
                setattr(incident, field, value)
        _full_clean(incident)
        incident.save()
        incident.team.set(team)
        incident.releases.set(releases)
        audit_record(actor=actor, action="incident.update", obj=incident, data=changed)
    return incident


def incident_change_severity(*, actor, incident, severity, reason):
    """Escalate or de-escalate: audited, written to the timeline, the clock follows the new
    cadence from the last public update."""
    _require(actor, perms.CHANGE_INCIDENT)
    severity = int(severity)
    reason = plain_text(reason).strip()
    if severity not in (1, 2, 3, 4):
        raise Refusal(_("Tingkat keparahan harus 1 sampai 4."))
    if not reason:
        raise Refusal(_("Tuliskan alasan perubahan tingkat keparahan."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise Refusal(_("Insiden yang sudah selesai tidak dapat diubah."))
        old = incident.severity
        if old == severity:
            raise Refusal(_("Tingkat keparahan tidak berubah."))
        incident.severity = severity
        _recompute_due(incident)
        incident.save(update_fields=["severity", "next_update_due_at", "updated_at"])
        action = "incident.escalate" if severity < old else "incident.deescalate"
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineEntry.Kind.DECISION,
            body=_("Tingkat keparahan diubah dari %(old)s menjadi %(new)s. Alasan: %(reason)s")
            % {"old": old, "new": severity, "reason": reason},
            author=actor,
        )
        audit_record(
            actor=actor,
            action=action,
            obj=incident,
            from_state=f"severity:{old}",
            to_state=f"severity:{severity}",
            data={"reason": reason},
        )
        if severity in NOTIFY_SEVERITIES and old not in NOTIFY_SEVERITIES:
            _notify_leaders_of_severe(incident)
    return incident


def incident_change_status(*, actor, incident, status):
    """Move an open incident to `status` (responding/monitoring) by its declared move; closing
    goes through incident_resolve (it needs the post-incident review)."""
    _require(actor, perms.CHANGE_INCIDENT)
    if status == Incident.Status.RESOLVED:
        raise Refusal(_("Menutup insiden memerlukan tinjauan pascainsiden."), code="state")
    current = Incident.objects.get(pk=incident.pk)
    name = transition_to(INCIDENT_WORKFLOW, current, status)
    if name is None:
        raise Refusal(
            _("Status tidak dapat diubah dari %(old)s menjadi %(new)s.")
            % {"old": current.get_status_display(), "new": INCIDENT_WORKFLOW.state_label(status)},
            code="state",
        )

    def change(locked):
        TimelineEntry.objects.create(
            incident=locked,
            kind=TimelineEntry.Kind.DECISION,
            body=_("Status diubah menjadi %(status)s.") % {"status": INCIDENT_WORKFLOW.state_label(status)},
            author=actor,
        )

    return INCIDENT_WORKFLOW.run(name, current, actor=actor, change=change)


def incident_resolve(*, actor, incident, what_happened, what_worked, follow_ups, confirm_loose_ends=False):
    """Close the incident with its post-incident review. Open inquiries or unreleased statements
    refuse it unless confirm_loose_ends (the page lists them first; crises.workflows)."""
    _require(actor, perms.RESOLVE_INCIDENT)
    review = {
        "review_what_happened": plain_text(what_happened).strip(),
        "review_what_worked": plain_text(what_worked).strip(),
        "review_follow_ups": plain_text(follow_ups).strip(),
    }

    def change(locked):
        for field, value in review.items():
            setattr(locked, field, value)
        locked.resolved_at = timezone.now()
        locked.next_update_due_at = None
        TimelineEntry.objects.create(
            incident=locked,
            kind=TimelineEntry.Kind.DECISION,
            body=_("Insiden dinyatakan selesai; tinjauan pascainsiden dicatat."),
            author=actor,
        )

    return INCIDENT_WORKFLOW.run(
        "resolve",
        incident,
        actor=actor,
        change=change,
        fields=[*review, "resolved_at", "next_update_due_at"],
        inputs={
            "what_happened": review["review_what_happened"],
            "what_worked": review["review_what_worked"],
            "follow_ups": review["review_follow_ups"],
            "confirm_loose_ends": bool(confirm_loose_ends),
        },
    )


# --- timeline ------------------------------------------------------------------------------
def _timeline_append(*, actor, incident, kind, body, is_public=False, corrects=None, occurred_at=None):
    """Inside the caller's transaction, with the incident row locked."""
    if is_public and kind not in TimelineEntry.PUBLIC_KINDS:
        raise Refusal(_("Hanya pembaruan atau pernyataan yang dapat ditandai publik."))
    if corrects is not None and corrects.incident_id != incident.pk:
        raise Refusal(_("Entri yang dikoreksi bukan milik insiden ini."))
    now = timezone.now()
    entry = TimelineEntry.objects.create(
        incident=incident,
        kind=kind,
        body=body,
        is_public=is_public,
        corrects=corrects,
        author=actor,
        occurred_at=min(occurred_at or now, now),
    )
    if is_public and incident.is_open and entry.occurred_at > incident.last_public_update_at:
        incident.last_public_update_at = entry.occurred_at
        _recompute_due(incident)
        incident.save(update_fields=["last_public_update_at", "next_update_due_at", "updated_at"])
    return entry


def timeline_add(*, actor, incident, kind, body, is_public=False, corrects=None, occurred_at=None):
    _require(actor, perms.ADD_TIMELINEENTRY)
    body = plain_text(body).strip()
    if not body:
        raise Refusal(_("Isi entri tidak boleh kosong."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise Refusal(_("Insiden yang sudah selesai tidak dapat ditambah kronologinya."))
        entry = _timeline_append(
            actor=actor,
            incident=incident,
            kind=kind,
            body=body,
            is_public=is_public,
            corrects=corrects,
            occurred_at=occurred_at,
        )
        audit_record(
            actor=actor,
            action="incident.timeline_correct" if corrects else "incident.timeline_add",
            obj=incident,
            data={
                "entry": entry.pk,
                "kind": kind,
                "public": is_public,
                "corrects": getattr(corrects, "pk", None),
            },
        )
    return entry


# --- cadence and reminders -----------------------------------------------------------------
def cadence_update(*, actor, minutes_by_severity):
    """Set the cadence per severity and move every open incident's clock to match."""
    _require(actor, perms.CHANGE_SEVERITYCADENCE)
    with transaction.atomic():
        changed = {}
        current = cadence_minutes_map()
        for severity, minutes in minutes_by_severity.items():
            severity, minutes = int(severity), int(minutes)
            if minutes < 5:
                raise Refusal(_("Interval minimal 5 menit."))
            if current.get(severity) != minutes:
                changed[severity] = {"from": current.get(severity), "to": minutes}
            SeverityCadence.objects.update_or_create(severity=severity, defaults={"minutes": minutes})
        if changed:
            cadence_map = cadence_minutes_map()
            open_incidents = (
                Incident.objects.select_for_update()
                .exclude(status=Incident.Status.RESOLVED)
                .filter(severity__in=list(changed))
            )
            for incident in open_incidents:
                _recompute_due(incident, cadence_map)
                incident.save(update_fields=["next_update_due_at", "updated_at"])
            audit_record(actor=actor, action="crises.cadence_update", data=changed)
    return changed


def incident_overdue_reminders_send(*, now=None):
    """Beat, every minute: one reminder per overdue period of each open incident. The claim is a
    conditional UPDATE on last_overdue_reminder_for, so a second sweep (or a second beat) finds
    nothing to claim until a new public update starts a new period."""
    from .selectors import incidents_due_for_reminder

    now = now or timezone.now()
    sent = 0
    for incident_id, due in incidents_due_for_reminder(now).values_list("pk", "next_update_due_at"):
        with transaction.atomic():
            claimed = (
                Incident.objects.filter(pk=incident_id, next_update_due_at=due)
                .exclude(status=Incident.Status.RESOLVED)
                .filter(
                    Q(last_overdue_reminder_for__isnull=True)
                    | ~Q(last_overdue_reminder_for=F("next_update_due_at"))
                )
                .update(last_overdue_reminder_for=due)
            )
            if not claimed:
                continue
            incident = Incident.objects.select_related("owner").prefetch_related("team").get(pk=incident_id)
            recipients = [incident.owner, *incident.team.all(), *crisis_leaders()]
            late = now - due
            subject = _("[PENGINGAT] Pembaruan publik terlambat: %(title)s") % {"title": incident.title}
            body = _incident_mail(
                "crises/mail/update_overdue.txt",
                incident,
                due=due,
                late_minutes=int(late.total_seconds() // 60),
            )
            rows = _notify(
                recipients=recipients,
                subject=subject,
                body=body,
                kind="crises.update_overdue",
                obj=incident,
            )
            audit_record(
                actor="system:beat",
                action="incident.overdue_reminder",
                obj=incident,
                data={"due": due.isoformat(), "to": sorted(row.to_address for row in rows)},
            )
            sent += 1
    return sent


# --- statement templates -------------------------------------------------------------------
def template_create(*, actor, title, scenario, body, review_date=None):
    _require(actor, perms.ADD_STATEMENTTEMPLATE)
    body = sanitize_html(body)
    if rich_text_is_empty(body):
        raise Refusal(_("Isi templat tidak boleh kosong."))
    with transaction.atomic():
        template = StatementTemplate(
            title=plain_text(title).strip(),
            scenario=scenario,
            body=body,
            review_date=review_date or (timezone.localdate() + timedelta(days=TEMPLATE_REVIEW_DAYS)),
            created_by=actor,
            edited_by=actor,
        )
        _full_clean(template)
        template.save()
        audit_record(actor=actor, action="statement_template.create", obj=template, to_state=template.status)
    return template


def template_update(*, actor, template, title, scenario, body):
    """Any change to the text sends the template back to draft: it must be approved again."""
    _require(actor, perms.CHANGE_STATEMENTTEMPLATE)
    body = sanitize_html(body)
    if rich_text_is_empty(body):
        raise Refusal(_("Isi templat tidak boleh kosong."), field="body")

    def change(locked):
        locked.title = plain_text(title).strip()
        locked.scenario = scenario
        locked.body = body
        locked.edited_by = actor
        locked.approved_by = None
        locked.approved_at = None
        _full_clean(locked, exclude=["status"])

    return TEMPLATE_WORKFLOW.run(
        "edit",
        template,
        actor=actor,
        change=change,
        fields=["title", "scenario", "body", "edited_by", "approved_by", "approved_at"],
    )


def template_approve(*, actor, template, review_date=None):
    """The second pair of eyes: neither its author nor anyone who edited it since its last
    approval (kernel.workflow.second_pair_of_eyes)."""
    _require(actor, perms.APPROVE_STATEMENTTEMPLATE)
    review_date = review_date or (timezone.localdate() + timedelta(days=TEMPLATE_REVIEW_DAYS))

    def change(locked):
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.review_date = review_date
        return {"review_date": review_date}

    return TEMPLATE_WORKFLOW.run(
        "approve",
        template,
        actor=actor,
        change=change,
        fields=["approved_by", "approved_at", "review_date"],
        inputs={"review_date": review_date},
    )


# --- statements ----------------------------------------------------------------------------
def _unique_slug(title):
    # The public address; a draft's answers 404 to the public until it is released.
    return unique_slug(Statement.objects.all(), title, max_length=90, fallback="pernyataan")


def statement_draft(*, actor, incident, title, body=None, template=None):
    _require(actor, perms.ADD_STATEMENT)
    if template is not None and not template.is_usable:
        raise Refusal(
            _(
                "Templat ini belum disetujui atau sudah melewati tanggal tinjau ulang; minta persetujuan ulang."
            )
        )
    # The form's help text says: leave the body empty to start from the template. An editor
    # never sends "": it sends "<p>&nbsp;</p>", which must count as empty too.
    if rich_text_is_empty(body):
        body = template.body if template else ""
    body = sanitize_html(body)
    if rich_text_is_empty(body):
        raise Refusal(_("Isi pernyataan tidak boleh kosong."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise Refusal(_("Insiden yang sudah selesai tidak dapat diberi pernyataan baru."))
        title = plain_text(title).strip()
        statement = Statement(
            incident=incident,
            template=template,
            title=title,
            slug=_unique_slug(title),
            body=body,
            drafted_by=actor,
        )
        _full_clean(statement)
        statement.save()
        audit_record(
            actor=actor,
            action="statement.draft",
            obj=statement,
            to_state=statement.status,
            data={"incident": incident.pk, "template": getattr(template, "pk", None)},
        )
        _notify_approvers(statement, actor)
    return statement


def _notify_approvers(statement, actor, *, resubmitted=False):
    """A draft awaits a second pair of eyes: tell whoever may approve it now, by the workflow's
    own rule (not its drafter, nor anyone who edited it since its last approval)."""
    from django.conf import settings
    from django.urls import reverse

    approvers = [
        u for u in statement_approvers() if STATEMENT_WORKFLOW.refusal_for("approve", statement, u) is None
    ]
    url = settings.HUMAS_SITE_URL + reverse("staff_crises:statement_detail", kwargs={"pk": statement.pk})
    values = {
        "drafter": actor.get_full_name() or actor.get_username(),
        "title": statement.title,
        "incident": statement.incident.title,
        "url": url,
    }
    if resubmitted:
        body = _(
            "%(drafter)s memperbaiki pernyataan “%(title)s” untuk insiden “%(incident)s” setelah dikembalikan.\n"
            "Pernyataan ini menunggu persetujuan (mata kedua) sebelum dapat dirilis:\n%(url)s"
        )
    else:
        body = _(
            "%(drafter)s menyusun pernyataan “%(title)s” untuk insiden “%(incident)s”.\n"
            "Pernyataan ini menunggu persetujuan (mata kedua) sebelum dapat dirilis:\n%(url)s"
        )
    _notify(
        recipients=approvers,
        subject=_("[PERSETUJUAN] Pernyataan menunggu persetujuan: %(title)s") % {"title": statement.title},
        body=body % values,
        kind="crises.statement_awaiting_approval",
        obj=statement,
    )


def statement_update(*, actor, statement, title, body):
    """Only drafts are edited. The drafter stays the drafter; the audit entry of the edit is
    what keeps the editor from approving it (kernel.workflow.second_pair_of_eyes)."""
    _require(actor, perms.CHANGE_STATEMENT)
    body = sanitize_html(body)
    if rich_text_is_empty(body):
        raise Refusal(_("Isi pernyataan tidak boleh kosong."), field="body")

    returned = {}

    def change(locked):
        locked.title = plain_text(title).strip()
        locked.body = body
        _full_clean(locked)
        # A draft sent back with a note waits for its drafter; the edit that answers the note
        # puts it back in the approval queue (the note stays in the audit log's reject entry).
        returned["note"] = locked.rejection_comment
        locked.rejection_comment = ""
        return {"resubmitted": True} if returned["note"] else {}

    with transaction.atomic():
        statement = STATEMENT_WORKFLOW.run(
            "edit", statement, actor=actor, change=change, fields=["title", "body", "rejection_comment"]
        )
        if returned["note"]:
            _notify_approvers(statement, actor, resubmitted=True)
    return statement


def statement_approve(*, actor, statement):
    _require(actor, perms.APPROVE_STATEMENT)

    def change(locked):
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.rejection_comment = ""

    return STATEMENT_WORKFLOW.run(
        "approve",
        statement,
        actor=actor,
        change=change,
        fields=["approved_by", "approved_at", "rejection_comment"],
    )


def statement_reject(*, actor, statement, comment):
    _require(actor, perms.APPROVE_STATEMENT)
    comment = plain_text(comment).strip()
    if not comment:
        raise Refusal(_("Tuliskan catatan penolakan."), field="comment")

    def change(locked):
        locked.approved_by = None
        locked.approved_at = None
        locked.rejection_comment = comment
        return {"comment": comment}

    with transaction.atomic():
        statement = STATEMENT_WORKFLOW.run(
            "reject",
            statement,
            actor=actor,
            change=change,
            fields=["approved_by", "approved_at", "rejection_comment"],
        )
        _notify(
            recipients=[statement.drafted_by],
            subject=_("Pernyataan dikembalikan: %(title)s") % {"title": statement.title},
            body=_("Catatan: %(comment)s") % {"comment": comment},
            kind="crises.statement_rejected",
            obj=statement,
        )
    return statement


def statement_release(*, actor, statement, publish=False, contact_list=None):
    """In one action: publish the approved statement as an official statement on the public page
    and/or send it to a crisis contact list through the distribution pipeline. Either both happen
    or neither (the distribution's deliveries are written in this transaction; mail leaves after
    the commit)."""
    _require(actor, perms.RELEASE_STATEMENT)
    if contact_list is not None:
        _require(actor, perms.SEND_DISTRIBUTION)
    done = {}

    def change(locked):
        incident = Incident.objects.select_for_update().get(pk=locked.incident_id)
        now = timezone.now()
        do_publish = publish and not locked.is_public
        do_send = contact_list is not None and locked.sent_at is None
        distribution = None
        if do_send:
            from distribution.services import distribution_create, distribution_start

            from .mails import statement_subject

            distribution = distribution_create(
                actor=actor, source=locked, lists=[contact_list], subject=statement_subject(locked)
            )
            distribution_start(actor=actor, distribution=distribution)
            locked.sent_to = contact_list
            locked.sent_at = now
        if do_publish:
            locked.is_public = True
        locked.published_at = locked.published_at or now
        locked.released_by = actor
        channels = []
        if do_publish:
            channels.append(_("halaman Pernyataan Resmi"))
        if do_send:
            channels.append(_("daftar kontak %(name)s") % {"name": contact_list.name})
        done["incident"], done["channels"] = incident, channels
        return {
            "published": do_publish,
            "contact_list": getattr(contact_list, "pk", None) if do_send else None,
            "distribution": getattr(distribution, "pk", None),
        }

    with transaction.atomic():
        statement = STATEMENT_WORKFLOW.run(
            "release",
            statement,
            actor=actor,
            change=change,
            fields=["sent_to", "sent_at", "is_public", "published_at", "released_by"],
            inputs={"publish": publish, "contact_list": contact_list},
        )
        incident = done["incident"]
        if incident.is_open:
            _timeline_append(
                actor=actor,
                incident=incident,
                kind=TimelineEntry.Kind.STATEMENT,
                body=_("Pernyataan “%(title)s” dirilis melalui %(channels)s.")
                % {"title": statement.title, "channels": ", ".join(str(c) for c in done["channels"])},
                is_public=True,
            )
    return statement


# --- media inquiries -----------------------------------------------------------------------
def _inquiry_clean(data):
    data = dict(data)
    data["journalist_name"] = plain_text(data.get("journalist_name", "")).strip()
    data["outlet_name"] = plain_text(data.get("outlet_name", "")).strip()
    data["question"] = plain_text(data.get("question", "")).strip()
    data["answer"] = plain_text(data.get("answer", "")).strip()
    if not data.get("journalist") and not data["journalist_name"]:
        raise Refusal(_("Pilih wartawan dari kontak atau tuliskan namanya."))
    if not data["question"]:
        raise Refusal(_("Pertanyaan tidak boleh kosong."))
    if data.get("status") == MediaInquiry.Status.ANSWERED and not data["answer"]:
        raise Refusal(_("Tuliskan jawabannya sebelum menandai pertanyaan sebagai dijawab."))
    return data


def inquiry_create(*, actor, data):
    """`data`: journalist, journalist_name, outlet_name, channel, question, deadline, assignee,
    incident, answer, status (already validated by the form)."""
    _require(actor, perms.ADD_MEDIAINQUIRY)
    data = _inquiry_clean(data)
    with transaction.atomic():
        inquiry = MediaInquiry(created_by=actor, **data)
        if inquiry.status in MediaInquiry.CLOSED_STATUSES:
            inquiry.answered_at = timezone.now()
        _full_clean(inquiry)
        inquiry.save()
        if inquiry.incident_id:
            incident = Incident.objects.select_for_update().get(pk=inquiry.incident_id)
            if incident.is_open:
                _timeline_append(
                    actor=actor,
                    incident=incident,
                    kind=TimelineEntry.Kind.INQUIRY,
                    body=_("Pertanyaan dari %(who)s (%(channel)s): %(question)s")
                    % {
                        "who": inquiry.who,
                        "channel": inquiry.get_channel_display(),
                        "question": inquiry.question,
                    },
                )
        audit_record(actor=actor, action="inquiry.create", obj=inquiry, to_state=inquiry.status)
    return inquiry


def inquiry_update(*, actor, inquiry, data):
    """Edit an inquiry; a change of its status is the declared move that leads there
    (crises.workflows.INQUIRY_WORKFLOW), made together with the edit."""
    _require(actor, perms.CHANGE_MEDIAINQUIRY)
    data = _inquiry_clean(data)
    current = MediaInquiry.objects.get(pk=inquiry.pk)
    target = data.get("status", current.status)

    def change(locked):
        for field, value in data.items():
            if field != "status":
                setattr(locked, field, value)
        closed = target in MediaInquiry.CLOSED_STATUSES
        if closed and locked.answered_at is None:
            locked.answered_at = timezone.now()
        if not closed:
            locked.answered_at = None
        _full_clean(locked, exclude=["status"])

    fields = [f for f in data if f != "status"] + ["answered_at"]
    if target == current.status:
        with transaction.atomic():
            locked = MediaInquiry.objects.select_for_update().get(pk=inquiry.pk)
            if locked.status != target:
                raise Refusal(_("Status pertanyaan ini baru saja diubah orang lain; muat ulang halaman."))
            change(locked)
            locked.save(update_fields=[*fields, "updated_at"])
            audit_record(actor=actor, action="inquiry.update", obj=locked, from_state=target, to_state=target)
        return locked
    name = transition_to(INQUIRY_WORKFLOW, current, target)
    if name is None:
        raise Refusal(
            _("Status tidak dapat diubah dari %(old)s menjadi %(new)s.")
            % {"old": current.get_status_display(), "new": INQUIRY_WORKFLOW.state_label(target)},
            field="status",
            code="state",
        )
    return INQUIRY_WORKFLOW.run(
        name, current, actor=actor, change=change, fields=fields, inputs={"answer": data.get("answer", "")}
    )
