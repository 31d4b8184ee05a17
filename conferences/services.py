"""Every write of conferences. Sends go through the distribution ledger (distribution.services),
never straight to SMTP: the ledger writes one Delivery row per recipient before anything leaves
and its workers send outside any transaction."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.access import actor_may, actor_require
from kernel.audit import audit_record
from kernel.refusal import Refusal
from kernel.text import plain_line, plain_text, unique_slug

from . import permissions as perms
from . import selectors
from .models import Attendance, Conference, Invitation, Speaker
from .workflows import CONFERENCE_WORKFLOW

logger = logging.getLogger(__name__)

SEND_PERMISSION = perms.SEND_CONFERENCE_MAIL

# Distribution kinds registered in conferences.mails.
KIND_INVITATION = "invitation"
KIND_REMINDER = "reminder"
KIND_CANCELLATION = "cancellation"
KIND_RESCHEDULE = "reschedule"
KIND_FOLLOWUP_ATTENDED = "followup_attended"
KIND_FOLLOWUP_ABSENT = "followup_absent"

KIND_LABELS = {
    KIND_INVITATION: gettext_lazy("Undangan konferensi pers"),
    KIND_REMINDER: gettext_lazy("Pengingat konferensi pers"),
    KIND_CANCELLATION: gettext_lazy("Pembatalan konferensi pers"),
    KIND_RESCHEDULE: gettext_lazy("Jadwal baru konferensi pers"),
    KIND_FOLLOWUP_ATTENDED: gettext_lazy("Tindak lanjut ke yang hadir"),
    KIND_FOLLOWUP_ABSENT: gettext_lazy("Tindak lanjut ke undangan yang tidak hadir"),
}

CONFERENCE_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "map_url",
    "online_url",
    "release",
    "is_public",
    "reminder_hours",
)


def can_send(actor):
    return actor_may(actor, SEND_PERMISSION)


def _distribute(*, actor, conference, kind, journalists, subject=None):
    """Create and start one distribution of `conference` (kind picks the mail builder). Called
    inside the caller's transaction: the ledger rows commit with the state change that caused
    them, and the distribution queues its send tasks on commit."""
    from distribution import services as distribution_services

    try:
        return _distribute_unchecked(distribution_services, actor, conference, kind, journalists, subject)
    except ValidationError as exc:
        raise Refusal.from_validation_error(exc) from exc


def _distribute_unchecked(distribution_services, actor, conference, kind, journalists, subject):
    distribution = distribution_services.distribution_create(
        actor=actor,
        source=conference,
        kind=kind,
        journalists=list(journalists),
        subject=subject or f"{KIND_LABELS[kind]}: {conference.title}",
    )
    distribution_services.distribution_start(actor=actor, distribution=distribution)
    return distribution


def _unique_slug(title, starts_at, exclude_pk=None):
    local = timezone.localtime(starts_at)
    return unique_slug(
        Conference.objects.all(),
        f"{title} {local:%Y-%m-%d}",
        max_length=250,
        fallback=f"konferensi-{local:%Y-%m-%d}",
        exclude_pk=exclude_pk,
    )


def _clean(data):
    data = dict(data)
    for field in ("title", "description", "venue_name", "venue_address"):
        if field in data and data[field] is not None:
            data[field] = plain_text(data[field]).strip()
    return data


def _speakers_set(conference, speakers):
    conference.speakers.all().delete()
    Speaker.objects.bulk_create(
        [
            Speaker(conference=conference, name=name[:200], role=(role or "")[:200], order=i)
            for i, (name, role) in enumerate(speakers)
            if name
        ]
    )


def conference_create(*, actor, data, speakers=()):
    """Create a planned conference. `data` holds validated CONFERENCE_FIELDS; speakers is a list of
    (name, role)."""
    actor_require(actor, perms.ADD_CONFERENCE)
    data = _clean(data)
    with transaction.atomic():
        conference = Conference(created_by=actor, **{k: v for k, v in data.items() if k in CONFERENCE_FIELDS})
        conference.slug = _unique_slug(conference.title, conference.starts_at)
        conference.full_clean()
        conference.save()
        _speakers_set(conference, speakers)
        audit_record(
            actor=actor,
            action="conference.create",
            obj=conference,
            to_state=conference.status,
            data={"starts_at": conference.starts_at, "ends_at": conference.ends_at},
        )
    return conference


def conference_update(*, actor, conference, data, speakers=None):
    """Edit the details. Once invitations went out the time can only change through
    conference_reschedule, which tells every invitee."""
    actor_require(actor, perms.CHANGE_CONFERENCE)
    data = _clean(data)
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if conference.status == Conference.Status.CANCELLED:
            raise Refusal(_("Konferensi yang sudah dibatalkan tidak dapat diubah."))
        changed = {}
        for field, value in data.items():
            if field not in CONFERENCE_FIELDS:
                continue
            if field in ("starts_at", "ends_at") and conference.invitations_sent_at:
                if value != getattr(conference, field):
                    raise Refusal(
                        _(
                            "Undangan sudah terkirim: ubah waktu lewat Jadwalkan ulang agar undangan diberi tahu."
                        )
                    )
                continue
            old = getattr(conference, field)
            if old != value:
                changed[field] = {"from": old, "to": value}
                setattr(conference, field, value)
        conference.full_clean()
        conference.save()
        if speakers is not None:
            _speakers_set(conference, speakers)
            changed["speakers"] = [name for name, _role in speakers]
        audit_record(actor=actor, action="conference.update", obj=conference, data=changed)
    return conference


def invitations_send(*, actor, conference, lists=(), segments=(), journalists=()):
    """Invite the members of lists/segments (and named journalists) who are not invited yet: one
    Invitation row each (their RSVP), then one distribution of kind "invitation" to exactly them."""
    from contacts.selectors import recipients_for

    box = {}

    def change(locked):
        recipients = list(recipients_for(lists=lists, segments=segments, journalists=journalists))
        already = set(locked.invitations.values_list("journalist_id", flat=True))
        new = [j for j in recipients if j.pk not in already]
        if not new:
            raise Refusal(
                _("Tidak ada penerima baru: semua yang dipilih sudah diundang atau tidak dapat dihubungi.")
            )
        now = timezone.now()
        Invitation.objects.bulk_create(
            [Invitation(conference=locked, journalist=j, invited_at=now) for j in new],
            ignore_conflicts=True,
        )
        if locked.invitations_sent_at is None:
            locked.invitations_sent_at = now
        box["distribution"] = _distribute(
            actor=actor, conference=locked, kind=KIND_INVITATION, journalists=new
        )
        return {
            "recipients": len(new),
            "lists": [str(cl) for cl in lists],
            "segments": [str(s) for s in segments],
            "distribution": box["distribution"].pk,
        }

    CONFERENCE_WORKFLOW.run("invite", conference, actor=actor, change=change, fields=["invitations_sent_at"])
    return box["distribution"]


def rsvp_answer(*, invitation, answer, actor="public:rsvp"):
    """Record (or change) a journalist's answer. One answer per invitation: the row is updated,
    never duplicated. Refused once the event has started or was cancelled. The actor holds no
    account: the signed RSVP link (conferences.links) is the permission, checked by the view."""
    if answer not in Invitation.Answer.values:
        raise Refusal(_("Jawaban tidak dikenal."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("conference").get(pk=invitation.pk)
        conference = invitation.conference
        if conference.status == Conference.Status.CANCELLED:
            raise Refusal(_("Konferensi pers ini dibatalkan."))
        if not conference.rsvp_open:
            raise Refusal(_("Konfirmasi kehadiran sudah ditutup karena acara sudah dimulai."))
        old = invitation.answer
        invitation.answer = answer
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
        if old != answer:
            audit_record(
                actor=actor,
                action="conference.rsvp",
                obj=conference,
                from_state=old,
                to_state=answer,
                data={"invitation": invitation.pk, "journalist": invitation.journalist_id},
            )
    return invitation


def attendance_export_log(*, actor, conference, file_format):
    """Every download of the attendance list (names, e-mails, phones: personal data under UU PDP)
    leaves an audit entry: who took it, of which conference, in which format, how many rows."""
    actor_require(actor, perms.VIEW_ATTENDANCE)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="conference.attendance_export",
            obj=conference,
            data={"format": file_format, "rows": conference.attendances.count()},
        )


def _attendance_for_journalist(*, actor, conference, journalist, is_walk_in):
    """Idempotent check-in: the (conference, journalist) unique constraint makes a second
    check-in — a double tap, two doors, a retry — find the first row instead of adding one."""
    outlet = journalist.outlet.name if journalist.outlet_id else ""
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                conference=conference,
                journalist=journalist,
                defaults={
                    "name": journalist.name,
                    "outlet": outlet,
                    "email": journalist.email,
                    "phone": str(journalist.phone or ""),
                    "is_walk_in": is_walk_in,
                    "checked_in_by": actor,
                },
            )
    except IntegrityError:
        attendance, created = Attendance.objects.get(conference=conference, journalist=journalist), False
    return attendance, created


def checkin_refusal(conference, now=None):
    """Why attendance can not be recorded now (a Refusal), or None. The check-in page shows it
    instead of the scanner; the services raise it."""
    now = now or timezone.now()
    if conference.status == Conference.Status.CANCELLED:
        return Refusal(_("Konferensi pers ini dibatalkan; kehadiran tidak dapat dicatat."), code="cancelled")
    if now < conference.checkin_opens_at:
        return Refusal(
            _("Check-in belum dibuka: kehadiran dapat dicatat mulai %(opens)s WIB (2 jam sebelum acara).")
            % {"opens": f"{timezone.localtime(conference.checkin_opens_at):%d-%m-%Y %H.%M}"},
            code="checkin_not_open",
        )
    if now >= conference.checkin_closes_at:
        return Refusal(
            _("Check-in sudah ditutup: kehadiran hanya dapat dicatat sampai akhir hari acara (%(day)s).")
            % {"day": f"{timezone.localtime(conference.ends_at):%d-%m-%Y}"},
            code="checkin_closed",
        )
    return None


def _check_can_check_in(conference):
    refusal = checkin_refusal(conference)
    if refusal is not None:
        raise refusal


def checkin_invitation(*, actor, conference, invitation):
    """Check in an invited journalist. Returns (attendance, created); created is False when they
    were already checked in, which is not an error."""
    actor_require(actor, perms.CHECKIN_CONFERENCE)
    if invitation.conference_id != conference.pk:
        raise Refusal(_("Undangan ini bukan untuk konferensi ini."))
    _check_can_check_in(conference)
    with transaction.atomic():
        attendance, created = _attendance_for_journalist(
            actor=actor, conference=conference, journalist=invitation.journalist, is_walk_in=False
        )
        if created:
            audit_record(
                actor=actor,
                action="conference.checkin",
                obj=conference,
                data={"journalist": invitation.journalist_id, "attendance": attendance.pk},
            )
    return attendance, created


def checkin_walk_in(*, actor, conference, name, outlet="", email="", phone="", consent=False):
    """Register someone at the door. What they write at the door (name, outlet, phone) is what
    the attendance list shows. An address we know links to that journalist (checked in once,
    however often they are registered); with consent an unknown address becomes a contact
    through the contacts services (address normalised, outlet found or created, audited; UU PDP:
    consent, its source and date recorded). Without consent nothing outside this list is kept."""
    from contacts import selectors as contacts_selectors
    from contacts import services as contacts_services

    actor_require(actor, perms.CHECKIN_CONFERENCE)
    _check_can_check_in(conference)
    name = plain_line(name)
    outlet = plain_line(outlet)
    email = (email or "").strip().lower()
    phone = plain_line(phone)
    if not name:
        raise Refusal(_("Nama wajib diisi."), field="name")
    with transaction.atomic():
        journalist = contacts_selectors.journalist_get_by_email(email) if email else None
        if journalist is None and email and consent:
            journalist = contacts_services.journalist_register_walk_in(
                actor=actor,
                name=name,
                email=email,
                phone=phone,
                outlet_name=outlet,
                consent_source=_("Registrasi di tempat: %(title)s") % {"title": conference.title},
                notes=_("Didaftarkan di tempat pada %(title)s.") % {"title": conference.title},
            )
        if journalist is not None:
            invited = conference.invitations.filter(journalist=journalist).exists()
            attendance, created = _attendance_for_journalist(
                actor=actor, conference=conference, journalist=journalist, is_walk_in=not invited
            )
            if created:
                # What they wrote at the door wins for this attendance list.
                attendance.outlet = outlet or attendance.outlet
                attendance.phone = phone or attendance.phone
                attendance.name = name
                attendance.save(update_fields=["outlet", "phone", "name"])
        else:
            attendance = Attendance.objects.create(
                conference=conference,
                is_walk_in=True,
                name=name,
                outlet=outlet,
                email=email,
                phone=phone,
                checked_in_by=actor,
            )
            created = True
        if created:
            audit_record(
                actor=actor,
                action="conference.walk_in",
                obj=conference,
                data={"attendance": attendance.pk, "journalist": attendance.journalist_id},
            )
    return attendance, created


def conference_cancel(*, actor, conference, reason):
    """Cancel and tell every invitee (an .ics with METHOD:CANCEL removes it from calendars)."""
    actor_require(actor, SEND_PERMISSION)
    reason = plain_text(reason).strip()
    if not reason:
        raise Refusal(_("Alasan pembatalan wajib diisi."))
    box = {}

    def change(locked):
        locked.status_note = reason
        locked.sequence += 1
        box["recipients"] = list(selectors.invitee_journalists(locked))
        return {"reason": reason, "notified": len(box["recipients"])}

    # One transaction around the move and the notice: the ledger rows commit with the state.
    with transaction.atomic():
        conference = CONFERENCE_WORKFLOW.run(
            "cancel", conference, actor=actor, change=change, fields=["status_note", "sequence"]
        )
        distribution = None
        if box["recipients"]:
            distribution = _distribute(
                actor=actor, conference=conference, kind=KIND_CANCELLATION, journalists=box["recipients"]
            )
    return conference, distribution


def conference_reschedule(*, actor, conference, starts_at, ends_at, reason=""):
    """Move the event and tell every invitee. Answers stay; the reminder is due again for the
    new time (it is a new time they need reminding of)."""
    actor_require(actor, SEND_PERMISSION)
    reason = plain_text(reason).strip()
    if ends_at <= starts_at:
        raise Refusal(_("Waktu selesai harus setelah waktu mulai."))
    if starts_at <= timezone.now():
        raise Refusal(_("Waktu baru harus di masa depan."))
    box = {}

    def change(locked):
        old = {"starts_at": locked.starts_at, "ends_at": locked.ends_at}
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.status_note = reason
        locked.sequence += 1
        locked.reminder_sent_at = None
        try:
            locked.full_clean()
        except ValidationError as exc:
            raise Refusal.from_validation_error(exc) from exc
        box["recipients"] = list(selectors.invitee_journalists(locked))
        return {
            "from": old,
            "to": {"starts_at": starts_at, "ends_at": ends_at},
            "reason": reason,
            "notified": len(box["recipients"]),
        }

    with transaction.atomic():
        conference = CONFERENCE_WORKFLOW.run(
            "reschedule",
            conference,
            actor=actor,
            change=change,
            fields=["starts_at", "ends_at", "status_note", "sequence", "reminder_sent_at"],
        )
        distribution = None
        if box["recipients"]:
            distribution = _distribute(
                actor=actor, conference=conference, kind=KIND_RESCHEDULE, journalists=box["recipients"]
            )
    return conference, distribution


def conference_mark_held(*, actor, conference):
    """The event took place (staff, or beat's sweep once it has ended)."""
    return CONFERENCE_WORKFLOW.run("held", conference, actor=actor)


FOLLOWUP_AUDIENCES = {
    "attended": ("followup_attended_sent_at", KIND_FOLLOWUP_ATTENDED, selectors.attendee_journalists),
    "absent": ("followup_absent_sent_at", KIND_FOLLOWUP_ABSENT, selectors.absentee_journalists),
}


def followup_send(*, actor, conference, audience):
    """After the event: the release and press kit to those who came ("attended") or to invitees
    who did not ("absent"). Each goes out once: the row lock serialises a double click or two
    secretaries at once, and the second finds the *_sent_at column set (the move's guard)."""
    actor_require(actor, SEND_PERMISSION)
    if audience not in FOLLOWUP_AUDIENCES:
        raise Refusal(_("Sasaran tindak lanjut tidak dikenal."))
    field, kind, recipients_of = FOLLOWUP_AUDIENCES[audience]
    box = {}

    def change(locked):
        recipients = list(recipients_of(locked))
        if not recipients:
            raise Refusal(_("Tidak ada penerima untuk tindak lanjut ini."), code="no_recipients")
        setattr(locked, field, timezone.now())
        box["distribution"] = _distribute(actor=actor, conference=locked, kind=kind, journalists=recipients)
        return {"recipients": len(recipients), "distribution": box["distribution"].pk}

    CONFERENCE_WORKFLOW.run(f"followup_{audience}", conference, actor=actor, change=change, fields=[field])
    return box["distribution"]


def reminder_send(*, conference_id, now=None, actor="system:beat"):
    """Send the reminder of one conference exactly once. The claim is a conditional UPDATE
    (WHERE reminder_sent_at IS NULL) in the same transaction as the distribution: two beat
    sweeps racing claim it once, and a failure rolls the claim back for the next sweep."""
    actor_require(actor, SEND_PERMISSION)
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Conference.objects.filter(
            pk=conference_id,
            reminder_sent_at__isnull=True,
            status__in=Conference.ACTIVE_STATUSES,
            starts_at__gt=now,
        ).update(reminder_sent_at=now)
        if not claimed:
            return None
        conference = Conference.objects.get(pk=conference_id)
        recipients = list(selectors.reminder_journalists(conference))
        distribution = None
        if recipients:
            distribution = _distribute(
                actor=actor, conference=conference, kind=KIND_REMINDER, journalists=recipients
            )
        audit_record(
            actor=actor,
            action="conference.reminder",
            obj=conference,
            data={"recipients": len(recipients), "distribution": getattr(distribution, "pk", None)},
        )
    return distribution


def reminders_send_due(*, now=None):
    """Beat's sweep: every conference whose reminder time has come. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for conference_id in selectors.conferences_due_for_reminder(now=now).values_list("pk", flat=True):
        try:
            if reminder_send(conference_id=conference_id, now=now) is not None:
                sent += 1
        except Exception:
            # One broken conference must not stop the others; the claim rolled back, so the
            # next sweep retries it.
            logger.exception("reminder of conference %s failed", conference_id)
    return sent


def conferences_mark_past_held(*, now=None):
    """Beat's sweep: active conferences whose end has passed become "held"."""
    count = 0
    for conference in selectors.conferences_to_mark_held(now=now):
        try:
            conference_mark_held(actor="system:beat", conference=conference)
            count += 1
        except Refusal:
            continue
    return count
