"""Every write of crises: keyword-only, an actor, atomic, audited; mail queued on commit."""

import logging
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kernel.audit import audit_record
from kernel.sanitize import sanitize_html, sanitize_text

from .models import (
    Incident,
    MediaInquiry,
    Scenario,
    SeverityCadence,
    Statement,
    StatementTemplate,
    TimelineEntry,
)
from .selectors import cadence_minutes_map, crisis_leaders, next_update_due

logger = logging.getLogger(__name__)

NOTIFY_SEVERITIES = (1, 2)
# Templates mark what the drafter must fill in as [UPPERCASE IN BRACKETS]; none may be approved.
PLACEHOLDER_RE = re.compile(r"\[[A-Z0-9][A-Z0-9 ,./&()-]+\]")
TEMPLATE_REVIEW_DAYS = 180


def _require(actor, perm):
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm):
        raise PermissionDenied


def _queue_mail(*, subject, body, to):
    to = sorted({addr for addr in to if addr})
    if not to:
        return
    from kernel.tasks import send_mail_task

    # Never inside the transaction: the mail leaves only once the change it announces is committed.
    transaction.on_commit(lambda: send_mail_task.delay(subject=subject, body=body, to=to))


def _incident_mail(template, incident, **extra):
    from django.conf import settings

    context = {"incident": incident, "site_url": settings.HUMAS_SITE_URL, **extra}
    return render_to_string(template, context)


def _notify_leaders_of_severe(incident):
    subject = _("[KRISIS %(sev)s] %(title)s") % {"sev": incident.severity, "title": incident.title}
    body = _incident_mail("crises/mail/incident_severe.txt", incident)
    _queue_mail(subject=subject, body=body, to=[u.email for u in crisis_leaders()])


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
    _require(actor, "crises.add_incident")
    severity = int(severity)
    if severity not in (1, 2, 3, 4):
        raise ValidationError(_("Tingkat keparahan harus 1 sampai 4."))
    now = timezone.now()
    with transaction.atomic():
        incident = Incident(
            title=sanitize_text(title).strip(),
            description=sanitize_text(description),
            kind=kind,
            severity=severity,
            owner=owner,
            detected_at=detected_at or now,
            opened_at=now,
            last_public_update_at=now,
            created_by=actor,
        )
        _recompute_due(incident)
        incident.full_clean()
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
    _require(actor, "crises.change_incident")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise ValidationError(_("Insiden yang sudah selesai tidak dapat diubah."))
        changed = {}
        for field, value in {
            "title": sanitize_text(title).strip(),
            "description": sanitize_text(description),
            "kind": kind,
            "owner": owner,
            "detected_at": detected_at,
        }.items():
            if getattr(incident, field) != value:
                changed[field] = {"from": getattr(incident, field), "to": value}
                setattr(incident, field, value)
        incident.full_clean()
        incident.save()
        incident.team.set(team)
        incident.releases.set(releases)
        audit_record(actor=actor, action="incident.update", obj=incident, data=changed)
    return incident


def incident_change_severity(*, actor, incident, severity, reason):
    """Escalate or de-escalate: audited, written to the timeline, the clock follows the new
    cadence from the last public update."""
    _require(actor, "crises.change_incident")
    severity = int(severity)
    reason = sanitize_text(reason).strip()
    if severity not in (1, 2, 3, 4):
        raise ValidationError(_("Tingkat keparahan harus 1 sampai 4."))
    if not reason:
        raise ValidationError(_("Tuliskan alasan perubahan tingkat keparahan."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise ValidationError(_("Insiden yang sudah selesai tidak dapat diubah."))
        old = incident.severity
        if old == severity:
            raise ValidationError(_("Tingkat keparahan tidak berubah."))
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
    _require(actor, "crises.change_incident")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if status == Incident.Status.RESOLVED:
            raise ValidationError(_("Menutup insiden memerlukan tinjauan pascainsiden."))
        if status not in incident.next_statuses():
            raise ValidationError(
                _("Status tidak dapat diubah dari %(old)s menjadi %(new)s.")
                % {"old": incident.get_status_display(), "new": status}
            )
        old = incident.status
        incident.status = status
        incident.save(update_fields=["status", "updated_at"])
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineEntry.Kind.DECISION,
            body=_("Status diubah menjadi %(status)s.") % {"status": incident.get_status_display()},
            author=actor,
        )
        audit_record(actor=actor, action="incident.status", obj=incident, from_state=old, to_state=status)
    return incident


def incident_resolve(*, actor, incident, what_happened, what_worked, follow_ups):
    _require(actor, "crises.resolve_incident")
    review = {
        "review_what_happened": sanitize_text(what_happened).strip(),
        "review_what_worked": sanitize_text(what_worked).strip(),
        "review_follow_ups": sanitize_text(follow_ups).strip(),
    }
    if not all(review.values()):
        raise ValidationError(
            _("Lengkapi tinjauan pascainsiden: apa yang terjadi, apa yang berjalan, tindak lanjut.")
        )
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise ValidationError(_("Insiden ini sudah selesai."))
        old = incident.status
        for field, value in review.items():
            setattr(incident, field, value)
        incident.status = Incident.Status.RESOLVED
        incident.resolved_at = timezone.now()
        incident.next_update_due_at = None
        incident.save()
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineEntry.Kind.DECISION,
            body=_("Insiden dinyatakan selesai; tinjauan pascainsiden dicatat."),
            author=actor,
        )
        audit_record(
            actor=actor, action="incident.resolve", obj=incident, from_state=old, to_state=incident.status
        )
    return incident


# --- timeline ------------------------------------------------------------------------------
def _timeline_append(*, actor, incident, kind, body, is_public=False, corrects=None, occurred_at=None):
    """Inside the caller's transaction, with the incident row locked."""
    if is_public and kind not in TimelineEntry.PUBLIC_KINDS:
        raise ValidationError(_("Hanya pembaruan atau pernyataan yang dapat ditandai publik."))
    if corrects is not None and corrects.incident_id != incident.pk:
        raise ValidationError(_("Entri yang dikoreksi bukan milik insiden ini."))
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
    _require(actor, "crises.add_timelineentry")
    body = sanitize_text(body).strip()
    if not body:
        raise ValidationError(_("Isi entri tidak boleh kosong."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise ValidationError(_("Insiden yang sudah selesai tidak dapat ditambah kronologinya."))
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
    _require(actor, "crises.change_severitycadence")
    with transaction.atomic():
        changed = {}
        current = cadence_minutes_map()
        for severity, minutes in minutes_by_severity.items():
            severity, minutes = int(severity), int(minutes)
            if minutes < 5:
                raise ValidationError(_("Interval minimal 5 menit."))
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
            recipients = [incident.owner.email, *(u.email for u in incident.team.all())]
            recipients += [u.email for u in crisis_leaders()]
            late = now - due
            subject = _("[PENGINGAT] Pembaruan publik terlambat: %(title)s") % {"title": incident.title}
            body = _incident_mail(
                "crises/mail/update_overdue.txt",
                incident,
                due=due,
                late_minutes=int(late.total_seconds() // 60),
            )
            _queue_mail(subject=subject, body=body, to=recipients)
            audit_record(
                actor="system:beat",
                action="incident.overdue_reminder",
                obj=incident,
                data={"due": due.isoformat(), "to": sorted(set(filter(None, recipients)))},
            )
            sent += 1
    return sent


# --- statement templates -------------------------------------------------------------------
def template_create(*, actor, title, scenario, body, review_date=None):
    _require(actor, "crises.add_statementtemplate")
    body = sanitize_html(body)
    if not body.strip():
        raise ValidationError(_("Isi templat tidak boleh kosong."))
    with transaction.atomic():
        template = StatementTemplate(
            title=sanitize_text(title).strip(),
            scenario=scenario,
            body=body,
            review_date=review_date or (timezone.localdate() + timedelta(days=TEMPLATE_REVIEW_DAYS)),
            created_by=actor,
            edited_by=actor,
        )
        template.full_clean()
        template.save()
        audit_record(actor=actor, action="statement_template.create", obj=template, to_state=template.status)
    return template


def template_update(*, actor, template, title, scenario, body):
    """Any change to the text sends the template back to draft: it must be approved again."""
    _require(actor, "crises.change_statementtemplate")
    body = sanitize_html(body)
    if not body.strip():
        raise ValidationError(_("Isi templat tidak boleh kosong."))
    with transaction.atomic():
        template = StatementTemplate.objects.select_for_update().get(pk=template.pk)
        old = template.status
        template.title = sanitize_text(title).strip()
        template.scenario = scenario
        template.body = body
        template.edited_by = actor
        template.status = StatementTemplate.Status.DRAFT
        template.approved_by = None
        template.approved_at = None
        template.full_clean()
        template.save()
        audit_record(
            actor=actor,
            action="statement_template.update",
            obj=template,
            from_state=old,
            to_state=template.status,
        )
    return template


def template_approve(*, actor, template, review_date=None):
    _require(actor, "crises.approve_statementtemplate")
    review_date = review_date or (timezone.localdate() + timedelta(days=TEMPLATE_REVIEW_DAYS))
    if review_date <= timezone.localdate():
        raise ValidationError(_("Tanggal tinjau ulang harus setelah hari ini."))
    with transaction.atomic():
        template = StatementTemplate.objects.select_for_update().get(pk=template.pk)
        if template.edited_by_id == actor.pk:
            raise ValidationError(_("Templat tidak dapat disetujui oleh penulisnya sendiri."))
        if template.is_usable:
            raise ValidationError(_("Templat ini sudah disetujui dan masih berlaku."))
        old = template.status
        template.status = StatementTemplate.Status.APPROVED
        template.approved_by = actor
        template.approved_at = timezone.now()
        template.review_date = review_date
        template.save()
        audit_record(
            actor=actor,
            action="statement_template.approve",
            obj=template,
            from_state=old,
            to_state=template.status,
            data={"review_date": review_date},
        )
    return template


# --- statements ----------------------------------------------------------------------------
def _unique_slug(title):
    base = slugify(title)[:70].strip("-") or "pernyataan"
    return f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"


def statement_draft(*, actor, incident, title, body=None, template=None):
    _require(actor, "crises.add_statement")
    if template is not None and not template.is_usable:
        raise ValidationError(
            _(
                "Templat ini belum disetujui atau sudah melewati tanggal tinjau ulang; minta persetujuan ulang."
            )
        )
    body = sanitize_html(body if body is not None else (template.body if template else ""))
    if not body.strip():
        raise ValidationError(_("Isi pernyataan tidak boleh kosong."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            raise ValidationError(_("Insiden yang sudah selesai tidak dapat diberi pernyataan baru."))
        title = sanitize_text(title).strip()
        statement = Statement(
            incident=incident,
            template=template,
            title=title,
            slug=_unique_slug(title),
            body=body,
            drafted_by=actor,
        )
        statement.full_clean()
        statement.save()
        audit_record(
            actor=actor,
            action="statement.draft",
            obj=statement,
            to_state=statement.status,
            data={"incident": incident.pk, "template": getattr(template, "pk", None)},
        )
    return statement


def statement_update(*, actor, statement, title, body):
    """Only drafts are edited; the editor becomes the drafter (the one who may not approve)."""
    _require(actor, "crises.change_statement")
    body = sanitize_html(body)
    if not body.strip():
        raise ValidationError(_("Isi pernyataan tidak boleh kosong."))
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != Statement.Status.DRAFT:
            raise ValidationError(_("Hanya draf yang dapat diubah."))
        statement.title = sanitize_text(title).strip()
        statement.body = body
        statement.drafted_by = actor
        statement.full_clean()
        statement.save()
        audit_record(actor=actor, action="statement.update", obj=statement)
    return statement


def statement_approve(*, actor, statement):
    _require(actor, "crises.approve_statement")
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != Statement.Status.DRAFT:
            raise ValidationError(_("Hanya draf yang dapat disetujui."))
        if statement.drafted_by_id == actor.pk:
            # Second pair of eyes: the drafter never approves their own statement.
            raise ValidationError(_("Pernyataan tidak dapat disetujui oleh penyusunnya sendiri."))
        left = PLACEHOLDER_RE.findall(statement.body + " " + statement.title)
        if left:
            raise ValidationError(
                _("Masih ada bagian templat yang belum diisi: %(parts)s.")
                % {"parts": ", ".join(sorted(set(left)))}
            )
        statement.status = Statement.Status.APPROVED
        statement.approved_by = actor
        statement.approved_at = timezone.now()
        statement.rejection_comment = ""
        statement.save()
        audit_record(
            actor=actor,
            action="statement.approve",
            obj=statement,
            from_state="draft",
            to_state=statement.status,
        )
    return statement


def statement_reject(*, actor, statement, comment):
    _require(actor, "crises.approve_statement")
    comment = sanitize_text(comment).strip()
    if not comment:
        raise ValidationError(_("Tuliskan catatan penolakan."))
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.status not in (Statement.Status.DRAFT, Statement.Status.APPROVED):
            raise ValidationError(_("Pernyataan yang sudah dirilis tidak dapat ditolak."))
        old = statement.status
        statement.status = Statement.Status.DRAFT
        statement.approved_by = None
        statement.approved_at = None
        statement.rejection_comment = comment
        statement.save()
        audit_record(
            actor=actor,
            action="statement.reject",
            obj=statement,
            from_state=old,
            to_state=statement.status,
            data={"comment": comment},
        )
        if statement.drafted_by.email:
            _queue_mail(
                subject=_("Pernyataan dikembalikan: %(title)s") % {"title": statement.title},
                body=_("Catatan: %(comment)s") % {"comment": comment},
                to=[statement.drafted_by.email],
            )
    return statement


def statement_release(*, actor, statement, publish=False, contact_list=None):
    """In one action: publish the approved statement as an official statement on the public page
    and/or send it to a crisis contact list through the distribution pipeline. Either both happen
    or neither (the distribution's deliveries are written in this transaction; mail leaves after
    the commit)."""
    _require(actor, "crises.release_statement")
    if contact_list is not None:
        _require(actor, "distribution.send_distribution")
    with transaction.atomic():
        statement = Statement.objects.select_for_update().select_related("incident").get(pk=statement.pk)
        if statement.status not in (Statement.Status.APPROVED, Statement.Status.PUBLISHED):
            raise ValidationError(_("Pernyataan harus disetujui sebelum dirilis."))
        do_publish = publish and not statement.is_public
        do_send = contact_list is not None and statement.sent_at is None
        if not do_publish and not do_send:
            raise ValidationError(_("Pilih terbitkan di halaman publik dan/atau kirim ke daftar kontak."))
        incident = Incident.objects.select_for_update().get(pk=statement.incident_id)
        now = timezone.now()
        old = statement.status
        distribution = None
        if do_send:
            from distribution.services import distribution_create, distribution_start

            from .mails import statement_subject

            distribution = distribution_create(
                actor=actor, source=statement, lists=[contact_list], subject=statement_subject(statement)
            )
            distribution_start(actor=actor, distribution=distribution)
            statement.sent_to = contact_list
            statement.sent_at = now
        if do_publish:
            statement.is_public = True
        statement.status = Statement.Status.PUBLISHED
        statement.published_at = statement.published_at or now
        statement.released_by = actor
        statement.save()
        channels = []
        if do_publish:
            channels.append(_("halaman Pernyataan Resmi"))
        if do_send:
            channels.append(_("daftar kontak %(name)s") % {"name": contact_list.name})
        if incident.is_open:
            _timeline_append(
                actor=actor,
                incident=incident,
                kind=TimelineEntry.Kind.STATEMENT,
                body=_("Pernyataan “%(title)s” dirilis melalui %(channels)s.")
                % {"title": statement.title, "channels": ", ".join(str(c) for c in channels)},
                is_public=True,
            )
        audit_record(
            actor=actor,
            action="statement.release",
            obj=statement,
            from_state=old,
            to_state=statement.status,
            data={
                "published": do_publish,
                "contact_list": getattr(contact_list, "pk", None) if do_send else None,
                "distribution": getattr(distribution, "pk", None),
            },
        )
    return statement


# --- media inquiries -----------------------------------------------------------------------
def _inquiry_clean(data):
    data = dict(data)
    data["journalist_name"] = sanitize_text(data.get("journalist_name", "")).strip()
    data["outlet_name"] = sanitize_text(data.get("outlet_name", "")).strip()
    data["question"] = sanitize_text(data.get("question", "")).strip()
    data["answer"] = sanitize_text(data.get("answer", "")).strip()
    if not data.get("journalist") and not data["journalist_name"]:
        raise ValidationError(_("Pilih wartawan dari kontak atau tuliskan namanya."))
    if not data["question"]:
        raise ValidationError(_("Pertanyaan tidak boleh kosong."))
    if data.get("status") == MediaInquiry.Status.ANSWERED and not data["answer"]:
        raise ValidationError(_("Tuliskan jawabannya sebelum menandai pertanyaan sebagai dijawab."))
    return data


def inquiry_create(*, actor, data):
    """`data`: journalist, journalist_name, outlet_name, channel, question, deadline, assignee,
    incident, answer, status (already validated by the form)."""
    _require(actor, "crises.add_mediainquiry")
    data = _inquiry_clean(data)
    with transaction.atomic():
        inquiry = MediaInquiry(created_by=actor, **data)
        if inquiry.status in MediaInquiry.CLOSED_STATUSES:
            inquiry.answered_at = timezone.now()
        inquiry.full_clean()
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
    _require(actor, "crises.change_mediainquiry")
    data = _inquiry_clean(data)
    with transaction.atomic():
        inquiry = MediaInquiry.objects.select_for_update().get(pk=inquiry.pk)
        old = inquiry.status
        for field, value in data.items():
            setattr(inquiry, field, value)
        if inquiry.status in MediaInquiry.CLOSED_STATUSES and inquiry.answered_at is None:
            inquiry.answered_at = timezone.now()
        if inquiry.status not in MediaInquiry.CLOSED_STATUSES:
            inquiry.answered_at = None
        inquiry.full_clean()
        inquiry.save()
        audit_record(
            actor=actor, action="inquiry.update", obj=inquiry, from_state=old, to_state=inquiry.status
        )
    return inquiry
