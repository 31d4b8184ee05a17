"""Every write in contacts: keyword-only, with an actor, atomic and audited."""

import csv
import io
import json
import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python as phone_to_python

from kernel.audit import audit_record
from kernel.exports import csv_stream
from kernel.links import link_url
from kernel.notifications import notification_send
from kernel.privacy import audit_scrub, erasure_run, text_scrub
from kernel.refusal import Refusal
from kernel.text import plain_line, plain_text

from . import importing
from . import permissions as perms
from .filters import filter_choices_forget
from .links import RESUBSCRIBE
from .models import (
    Beat,
    ContactImport,
    ContactList,
    ContactListMembership,
    Journalist,
    JournalistContactPoint,
    LawfulBasis,
    MediaOutlet,
    OptOutBy,
    OutletType,
    Segment,
    SuppressedAddress,
)
from .suppression import address_digest, address_normalise, evidence_fresh, suppressed_entry

logger = logging.getLogger(__name__)

IMPORT_DIR = "imports"
IMPORT_FIELDS = [
    "name",
    "email",
    "phone",
    "beat",
    "region",
    "language",
    "notes",
    "lawful_basis",
    "consent_source",
    "consent_date",
]


def _check(actor, permission, *, public=False):
    """Every write checks its actor: a user must hold `permission`; a code path without a user
    names itself "system:..." (beat, tasks, demo data), and "public:..." (the signed unsubscribe
    link, whose signature is the authority) is accepted only where `public` says so."""
    if isinstance(actor, str):
        if actor.startswith("system:") or (public and actor.startswith("public:")):
            return
        raise Refusal(_("Pelaku tidak dikenal."), code="permission")
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(permission)):
        raise Refusal(_("Anda tidak berwenang melakukan tindakan ini."), code="permission")


def _apply(instance, data):
    changed = []
    for field, value in data.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


# --- outlets and journalists -----------------------------------------------------------------
def outlet_save(*, actor, data, outlet=None):
    _check(actor, perms.ADD_OUTLET if outlet is None else perms.CHANGE_OUTLET)
    with transaction.atomic():
        created = outlet is None
        if created:
            outlet = MediaOutlet()
        else:
            outlet = MediaOutlet.objects.select_for_update().get(pk=outlet.pk)
        changed = _apply(outlet, data)
        outlet.full_clean()
        outlet.save()
        audit_record(
            actor=actor,
            action="contacts.outlet.create" if created else "contacts.outlet.update",
            obj=outlet,
            data={"fields": changed},
        )
    return outlet


def journalist_save(*, actor, data, journalist=None, consent_evidence=None):
    """Create or change a journalist. The audit entry names the changed fields, never their
    values (the audit log is not a second copy of personal data).

    An address on the suppression list (erased or unsubscribed before) is refused unless
    `consent_evidence` ({"source", "date", "document"}) records fresh consent; then the
    consent fields come from the evidence and the suppression entry is marked overridden."""
    _check(actor, perms.ADD_JOURNALIST if journalist is None else perms.CHANGE_JOURNALIST)
    with transaction.atomic():
        created = journalist is None
        if created:
            journalist = Journalist()
        else:
            journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
            if journalist.erased_at:
                raise Refusal(
                    _("Data wartawan ini sudah dihapus (UU PDP) dan tidak dapat diubah."), code="erased"
                )
        if "email" in data:
            data = {**data, "email": data["email"].strip().lower()}
        entry = None
        if "email" in data and (created or data["email"] != journalist.email.lower()):
            entry = suppressed_entry(data["email"])
            if entry is not None:
                if not evidence_fresh(consent_evidence, entry):
                    raise Refusal(_suppressed_message(entry), field="email", code="suppressed")
                data = {
                    **data,
                    "consent_source": consent_evidence["source"].strip()[:200],
                    "consent_date": consent_evidence["date"],
                    "lawful_basis": LawfulBasis.CONSENT,
                }
        changed = _apply(journalist, data)
        # A value flagged by an import is settled once someone sets that field by hand.
        settled = [
            f for f in (journalist.flagged_values or {}) if data.get(f if f != "outlet_type" else "outlet")
        ]
        if settled:
            journalist.flagged_values = {
                k: v for k, v in journalist.flagged_values.items() if k not in settled
            }
            changed = [*changed, "flagged_values"]
        journalist.save()
        if entry is not None:
            _suppression_override(
                actor=actor, entry=entry, evidence=consent_evidence, via="manual", obj=journalist
            )
        transaction.on_commit(filter_choices_forget)
        audit_record(
            actor=actor,
            action="contacts.journalist.create" if created else "contacts.journalist.update",
            obj=journalist,
            data={"fields": changed},
        )
    return journalist


def outlet_find_or_create(*, actor, name):
    """The outlet called `name` (case-insensitively, the rule of the unique constraint), created
    (audited) when there is none; a name typed at a door or in a form, never a duplicate. The
    type of a new outlet is "online" until staff correct it, as for imported outlets."""
    name = plain_line(name)[:200]
    if not name:
        return None
    existing = MediaOutlet.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return outlet_save(actor=actor, data={"name": name, "outlet_type": OutletType.ONLINE})
    except (IntegrityError, ValidationError):
        # Someone added it a moment ago (two doors at once): theirs is the one.
        found = MediaOutlet.objects.filter(name__iexact=name).first()
        if found is None:
            raise
        return found


def _phone_or_blank(phone):
    phone = plain_line(phone)
    if not phone:
        return ""
    number = phone_to_python(phone, region="ID")
    return phone if number is not None and number.is_valid() else ""


def journalist_register_walk_in(*, actor, name, email, consent_source, phone="", outlet_name="", notes=""):
    """Someone registered at an event who consented (UU PDP: source and date recorded) to receive
    releases: the journalist with that address, created through journalist_save when new (the
    address normalised, audited), with their outlet found or created. An existing contact is
    returned unchanged. Returns None when the address is suppressed (unsubscribed or erased
    before): a tick at the door does not undo that; the attendance is still recorded."""
    _check(actor, perms.ADD_JOURNALIST)
    email = address_normalise(email)
    if not email:
        raise Refusal(_("Isi e-mail agar dapat dikirimi siaran pers."), field="email")
    from .selectors import journalist_get_by_email

    existing = journalist_get_by_email(email)
    if existing is not None:
        return existing
    with transaction.atomic():
        outlet = outlet_find_or_create(actor=actor, name=outlet_name) if outlet_name else None
        data = {
            "name": plain_line(name)[:200],
            "email": email,
            "phone": _phone_or_blank(phone),
            "outlet": outlet,
            "notes": plain_text(notes),
            "lawful_basis": LawfulBasis.CONSENT,
            "consent_source": plain_line(consent_source)[:200],
            "consent_date": timezone.localdate(),
        }
        try:
            with transaction.atomic():
                return journalist_save(actor=actor, data=data)
        except Refusal as exc:
            if exc.code == "suppressed":
                return None
            raise


def _suppressed_message(entry):
    since = timezone.localtime(entry.created_at).strftime("%d-%m-%Y")
    if entry.reason == SuppressedAddress.Reason.ERASED:
        why = _("Data pemilik alamat ini pernah dihapus atas permintaannya (UU PDP) pada %(since)s.")
    else:
        why = _("Pemilik alamat ini berhenti berlangganan pada %(since)s.")
    return (
        (why % {"since": since})
        + " "
        + _(
            "Alamat ini hanya boleh ditambahkan lagi dengan bukti persetujuan baru: isi sumber, tanggal "
            "(pada atau setelah %(since)s) dan dokumen persetujuan."
        )
        % {"since": since}
    )


def _suppress(email, reason):
    """Remember the address as a keyed hash; an erasure outranks an unsubscribe."""
    digest = address_digest(email)
    entry = SuppressedAddress.objects.select_for_update().filter(digest=digest).first()
    if entry is None:
        SuppressedAddress.objects.create(digest=digest, reason=reason)
        return
    if entry.overridden_at is not None or reason == SuppressedAddress.Reason.ERASED:
        entry.reason = reason
        entry.created_at = timezone.now()
        entry.overridden_at = None
        entry.save()


def _suppression_override(*, actor, entry, evidence, via, obj=None):
    """Fresh consent lets a suppressed address in again: the entry stays, marked overridden,
    and the evidence is audited (never the address)."""
    SuppressedAddress.objects.filter(pk=entry.pk).update(overridden_at=timezone.now())
    audit_record(
        actor=actor,
        action="contacts.suppression.override",
        obj=obj,
        data={
            "via": via,
            "reason": entry.reason,
            "consent_source": evidence["source"],
            "consent_date": evidence["date"],
            "consent_document": evidence["document"],
        },
    )


def journalist_opt_out(*, journalist_id, actor="public:unsubscribe", source="unsubscribe_link", reason=""):
    """Set the do-not-contact flag; idempotent (a second click changes nothing and logs nothing).

    The public unsubscribe page acts as "public:unsubscribe": the journalist's own choice, which
    only the journalist can undo, and the address goes on the suppression list. Staff need
    change_journalist and a reason; their flag says who set it and why."""
    _check(actor, perms.CHANGE_JOURNALIST, public=True)
    by_journalist = isinstance(actor, str) and actor.startswith("public:")
    reason = (reason or "").strip()
    if not by_journalist and not reason:
        raise Refusal(
            _("Tuliskan alasan menandai wartawan ini jangan dihubungi."), field="reason", code="required"
        )
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().filter(pk=journalist_id).first()
        if journalist is None or journalist.erased_at:
            return journalist
        if journalist.do_not_contact and (journalist.opt_out_by == OptOutBy.JOURNALIST or not by_journalist):
            return journalist
        from_state = "do_not_contact" if journalist.do_not_contact else "contactable"
        journalist.do_not_contact = True
        journalist.opted_out_at = timezone.now()
        if by_journalist:
            # The journalist's own unsubscribe takes over a staff flag: from now on only the
            # journalist may lift it.
            journalist.opt_out_by = OptOutBy.JOURNALIST
            journalist.do_not_contact_reason = ""
            journalist.do_not_contact_set_by = None
            _suppress(journalist.email, SuppressedAddress.Reason.UNSUBSCRIBED)
        else:
            journalist.opt_out_by = OptOutBy.STAFF
            journalist.do_not_contact_reason = reason
            journalist.do_not_contact_set_by = _user(actor)
        journalist.save(
            update_fields=[
                "do_not_contact",
                "opted_out_at",
                "opt_out_by",
                "do_not_contact_reason",
                "do_not_contact_set_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="contacts.journalist.opt_out",
            obj=journalist,
            from_state=from_state,
            to_state="do_not_contact",
            data={"source": source, "by": journalist.opt_out_by, **({"reason": reason} if reason else {})},
        )
    return journalist


def journalist_opted_out_by_self(journalist):
    """True when the flag is the journalist's own unsubscribe. Rows flagged before the flag's
    owner was recorded count as the journalist's: the safe side of consent."""
    return journalist.do_not_contact and journalist.opt_out_by != OptOutBy.STAFF


def journalist_opt_in(*, actor, journalist):
    """Staff lift a do-not-contact flag that staff set. A journalist's own unsubscribe is not
    theirs to lift: they may send the journalist a re-subscribe confirmation instead."""
    _check(actor, perms.CHANGE_JOURNALIST)
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
        if not journalist.do_not_contact or journalist.erased_at:
            return journalist
        if journalist_opted_out_by_self(journalist):
            raise Refusal(
                _(
                    "Wartawan ini berhenti berlangganan atas kemauannya sendiri. Hanya wartawan itu "
                    "sendiri yang dapat berlangganan kembali: kirimkan e-mail konfirmasi berlangganan kembali."
                ),
                code="journalist_consent",
            )
        journalist.do_not_contact = False
        journalist.opted_out_at = None
        journalist.opt_out_by = ""
        journalist.do_not_contact_reason = ""
        journalist.do_not_contact_set_by = None
        journalist.save(
            update_fields=[
                "do_not_contact",
                "opted_out_at",
                "opt_out_by",
                "do_not_contact_reason",
                "do_not_contact_set_by",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="contacts.journalist.opt_in",
            obj=journalist,
            from_state="do_not_contact",
            to_state="contactable",
        )
    return journalist


def _opt_out_stamp(journalist):
    # Binds a re-subscribe link to one unsubscribe: a link mailed before a later unsubscribe
    # can not undo that later one.
    return int(journalist.opted_out_at.timestamp()) if journalist.opted_out_at else 0


def journalist_resubscribe_request(*, actor, journalist):
    """Staff *send* the journalist a re-subscribe confirmation (a signed link valid 7 days);
    nothing changes until the journalist confirms it."""
    _check(actor, perms.CHANGE_JOURNALIST)
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
        if journalist.erased_at or not journalist_opted_out_by_self(journalist):
            raise Refusal(
                _("Konfirmasi berlangganan kembali hanya untuk wartawan yang berhenti berlangganan sendiri."),
                code="not_opted_out",
            )
        from kernel.selectors import organisation_profile_get

        profile = organisation_profile_get()
        url = link_url(RESUBSCRIBE, journalist.pk, o=_opt_out_stamp(journalist))
        body = _(
            "Yth. %(name)s,\n\n"
            "Anda berhenti berlangganan kiriman %(org)s pada %(since)s. Jika Anda ingin menerima "
            "siaran pers dan undangan kami lagi, buka tautan berikut dan tekan tombol konfirmasi "
            "(berlaku 7 hari):\n\n%(url)s\n\n"
            "Jika Anda tidak memintanya, abaikan e-mail ini: tidak ada yang berubah.\n"
        ) % {
            "name": journalist.name,
            "org": profile.name,
            "since": timezone.localtime(journalist.opted_out_at).strftime("%d-%m-%Y")
            if journalist.opted_out_at
            else "-",
            "url": url,
        }
        notification_send(
            recipients=[journalist.email],
            subject=_("Konfirmasi berlangganan kembali"),
            body=body,
            kind="contacts.resubscribe",
            obj=journalist,
        )
        audit_record(actor=actor, action="contacts.journalist.resubscribe_request", obj=journalist)
    return journalist


def journalist_resubscribe(*, journalist_id, stamp, actor="public:resubscribe"):
    """The journalist confirmed the re-subscribe link: the flag goes, the address leaves the
    suppression list, and the confirmation is the new consent."""
    _check(actor, perms.CHANGE_JOURNALIST, public=True)
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().filter(pk=journalist_id).first()
        if journalist is None or journalist.erased_at:
            raise Refusal(_("Tautan ini tidak berlaku lagi."), code="gone")
        if not journalist.do_not_contact:
            return journalist
        if not journalist_opted_out_by_self(journalist) or _opt_out_stamp(journalist) != stamp:
            raise Refusal(_("Tautan ini tidak berlaku lagi. Mintalah tautan baru kepada kami."), code="stale")
        journalist.do_not_contact = False
        journalist.opted_out_at = None
        journalist.opt_out_by = ""
        journalist.lawful_basis = LawfulBasis.CONSENT
        journalist.consent_source = _("Konfirmasi berlangganan kembali lewat e-mail")[:200]
        journalist.consent_date = timezone.localdate()
        journalist.save()
        SuppressedAddress.objects.filter(
            digest=address_digest(journalist.email), reason=SuppressedAddress.Reason.UNSUBSCRIBED
        ).delete()
        audit_record(
            actor=actor,
            action="contacts.journalist.opt_in",
            obj=journalist,
            from_state="do_not_contact",
            to_state="contactable",
            data={"source": "resubscribe_link"},
        )
    return journalist


def _phone_forms(phone):
    """The phone as it is stored and as it is typed or printed (E.164, national, international,
    digits only), so every copy of it can be found and scrubbed."""
    if not phone:
        return []
    forms = {str(phone)}
    for attr in ("as_e164", "as_national", "as_international"):
        value = getattr(phone, attr, None)
        if value:
            forms.add(value)
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    if digits:
        forms.add(digits)
        if digits.startswith("62"):
            forms.add("0" + digits[2:])
    national = getattr(phone, "as_national", "") or ""
    if national:
        forms.add(national.replace("-", "").replace(" ", ""))
    return sorted(f for f in forms if len(f) >= 6)


def journalist_erase(*, actor, journalist, reason):
    """UU PDP right to erasure. The row and its pk stay (delivery rows point at it, and their
    anonymised counts must survive); every personal field is blanked, the e-mail becomes a
    unique address that can never be delivered, list memberships go, and no send may reach it.

    Every app's registered erasure handler (kernel.privacy) runs in the same transaction:
    delivery rows, RSVPs and attendance, inquiries, import files and reports, notifications.
    The audit log keeps its entries but loses what they said about the person; the erasure's
    own entry holds only anonymous counts. The address is remembered as a keyed hash only
    (the suppression list), so it can not come back silently."""
    _check(actor, perms.ERASE_JOURNALIST)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Tuliskan alasan penghapusan."), field="reason", code="required")
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
        if journalist.erased_at:
            return journalist
        # Records merged into this one are the same person: erased with it.
        for duplicate in Journalist.objects.filter(merged_into=journalist, erased_at__isnull=True):
            journalist_erase(actor=actor, journalist=duplicate, reason=reason)
        pk = journalist.pk
        email = address_normalise(journalist.email)
        names = [journalist.name.strip()] if journalist.name.strip() else []
        phones = _phone_forms(journalist.phone)
        needles = [email, journalist.email, *names, *phones]
        journalist.name = "[dihapus]"
        journalist.email = f"dihapus-{pk}@invalid.example"
        journalist.phone = ""
        journalist.outlet = None
        journalist.beat = ""
        journalist.region = ""
        journalist.notes = ""
        needles += [str(v) for v in (journalist.flagged_values or {}).values() if v]
        points = list(journalist.contact_points.values_list("kind", "value"))
        needles += [value for _kind, value in points]
        extra_emails = [address_normalise(value) for kind, value in points if kind == "email"]
        journalist.contact_points.all().delete()
        journalist.flagged_values = {}
        journalist.consent_source = ""
        journalist.consent_date = None
        journalist.do_not_contact = True
        journalist.do_not_contact_reason = ""
        journalist.opted_out_at = journalist.opted_out_at or timezone.now()
        journalist.erased_at = timezone.now()
        journalist.save()
        removed, _detail = ContactListMembership.objects.filter(journalist_id=pk).delete()
        counts = erasure_run(journalist_id=pk, email=email, names=names, phones=phones, actor=actor)
        _suppress(email, SuppressedAddress.Reason.ERASED)
        for extra in extra_emails:
            _suppress(extra, SuppressedAddress.Reason.ERASED)
        content_type = ContentType.objects.get_for_model(Journalist)
        scrubbed = audit_scrub(needles=needles, content_type=content_type, object_id=pk)
        # Rows of this object written before: their object text becomes the erased row's.
        from kernel.models import AuditEntry

        AuditEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
            object_repr=str(journalist)
        )
        transaction.on_commit(filter_choices_forget)
        transaction.on_commit(_erasure_vacuum)
        audit_record(
            actor=actor,
            action="contacts.journalist.erase",
            obj=journalist,
            to_state="erased",
            data={
                "reason": text_scrub(reason, needles),
                "memberships_removed": removed,
                "audit_entries_scrubbed": scrubbed,
                **counts,
            },
        )
    return journalist


def _erasure_vacuum():
    """Old row versions (and their trigram index entries) keep the erased values until
    PostgreSQL vacuums them; ask for that now rather than at autovacuum's leisure."""
    from .tasks import erasure_vacuum_task

    try:
        erasure_vacuum_task.delay()
    except Exception:  # noqa: BLE001 - a broker hiccup must not turn a done erasure into a 500
        logger.warning("erasure vacuum could not be queued", exc_info=True)


def journalist_subject_export_log(*, actor, journalist, file_format):
    _check(actor, perms.EXPORT_PERSONAL_DATA)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="contacts.journalist.subject_export",
            obj=journalist,
            data={"format": file_format},
        )


def contacts_export_log(*, actor, file_format, count, description):
    _check(actor, perms.EXPORT_JOURNALIST)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="contacts.export",
            data={"format": file_format, "count": count, "filter": description},
        )


# --- lists and segments ----------------------------------------------------------------------
def contact_list_save(*, actor, data, contact_list=None):
    _check(actor, perms.ADD_CONTACT_LIST if contact_list is None else perms.CHANGE_CONTACT_LIST)
    with transaction.atomic():
        created = contact_list is None
        if created:
            contact_list = ContactList()
        else:
            contact_list = ContactList.objects.select_for_update().get(pk=contact_list.pk)
        changed = _apply(contact_list, data)
        contact_list.save()
        audit_record(
            actor=actor,
            action="contacts.list.create" if created else "contacts.list.update",
            obj=contact_list,
            data={"fields": changed},
        )
    return contact_list


def contact_list_add(*, actor, contact_list, journalist_ids):
    """Add journalists (erased ones never) to a static list; returns how many were new."""
    _check(actor, perms.ADD_MEMBERSHIP)
    with transaction.atomic():
        contact_list = ContactList.objects.select_for_update().get(pk=contact_list.pk)
        ids = list(
            Journalist.objects.filter(pk__in=list(journalist_ids), erased_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        created = ContactListMembership.objects.bulk_create(
            [
                ContactListMembership(contact_list=contact_list, journalist_id=pk, added_by=_user(actor))
                for pk in ids
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        after = ContactListMembership.objects.filter(contact_list=contact_list).count()
        audit_record(
            actor=actor,
            action="contacts.list.add_members",
            obj=contact_list,
            data={"requested": len(ids), "members": after},
        )
    return len(created)


def contact_list_remove(*, actor, contact_list, journalist_ids):
    _check(actor, perms.DELETE_MEMBERSHIP)
    with transaction.atomic():
        contact_list = ContactList.objects.select_for_update().get(pk=contact_list.pk)
        removed, _detail = ContactListMembership.objects.filter(
            contact_list=contact_list, journalist_id__in=list(journalist_ids)
        ).delete()
        audit_record(
            actor=actor, action="contacts.list.remove_members", obj=contact_list, data={"removed": removed}
        )
    return removed


def contact_list_delete(*, actor, contact_list):
    _check(actor, perms.DELETE_CONTACT_LIST)
    with transaction.atomic():
        contact_list = ContactList.objects.select_for_update().get(pk=contact_list.pk)
        audit_record(actor=actor, action="contacts.list.delete", obj=contact_list)
        contact_list.delete()


def segment_save(*, actor, data, segment=None):
    _check(actor, perms.ADD_SEGMENT if segment is None else perms.CHANGE_SEGMENT)
    with transaction.atomic():
        created = segment is None
        if created:
            segment = Segment()
        else:
            segment = Segment.objects.select_for_update().get(pk=segment.pk)
        changed = _apply(segment, data)
        segment.save()
        audit_record(
            actor=actor,
            action="contacts.segment.create" if created else "contacts.segment.update",
            obj=segment,
            data={"fields": changed},
        )
    return segment


def segment_delete(*, actor, segment):
    _check(actor, perms.DELETE_SEGMENT)
    with transaction.atomic():
        audit_record(actor=actor, action="contacts.segment.delete", obj=segment)
        Segment.objects.filter(pk=segment.pk).delete()


def contact_list_from_segment(*, actor, segment, name, description=""):
    """Freeze a segment's current contactable matches into a new static list."""
    from .selectors import recipients_for

    _check(actor, perms.ADD_CONTACT_LIST)
    with transaction.atomic():
        contact_list = contact_list_save(
            actor=actor, data={"name": name, "description": description}, contact_list=None
        )
        ids = list(recipients_for(segments=[segment]).values_list("pk", flat=True))
        contact_list_add(actor=actor, contact_list=contact_list, journalist_ids=ids)
        audit_record(
            actor=actor,
            action="contacts.list.from_segment",
            obj=contact_list,
            data={"segment": segment.pk, "members": len(ids)},
        )
    return contact_list


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- several addresses per journalist, and merging duplicates -----------------------------------
def contact_point_add(*, actor, journalist, kind, value, label=""):
    """A further e-mail, phone or social handle, normalised like the primary ones."""
    _check(actor, perms.CHANGE_JOURNALIST)
    value = " ".join((value or "").split())
    if kind == JournalistContactPoint.Kind.EMAIL:
        value = value.lower()
        try:
            EmailValidator()(value)
        except ValidationError:
            raise Refusal(_("Alamat e-mail tidak valid."), field="value", code="invalid") from None
    elif kind == JournalistContactPoint.Kind.PHONE:
        number = phone_to_python(value, region="ID")
        if number is None or not number.is_valid():
            raise Refusal(_("Nomor telepon tidak valid."), field="value", code="invalid")
        value = number.as_e164
    elif kind != JournalistContactPoint.Kind.SOCIAL:
        raise Refusal(_("Jenis kontak tidak dikenal."), field="kind", code="invalid")
    if not value:
        raise Refusal(_("Wajib diisi."), field="value", code="required")
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
        if journalist.erased_at:
            raise Refusal(
                _("Data wartawan ini sudah dihapus (UU PDP) dan tidak dapat diubah."), code="erased"
            )
        point, created = JournalistContactPoint.objects.get_or_create(
            journalist=journalist,
            kind=kind,
            value__iexact=value,
            defaults={"value": value, "label": label[:60]},
        )
        if created:
            audit_record(
                actor=actor,
                action="contacts.journalist.contact_point_add",
                obj=journalist,
                data={"kind": kind},
            )
    return point


def contact_point_remove(*, actor, point):
    _check(actor, perms.CHANGE_JOURNALIST)
    with transaction.atomic():
        journalist = point.journalist
        kind = point.kind
        point.delete()
        audit_record(
            actor=actor,
            action="contacts.journalist.contact_point_remove",
            obj=journalist,
            data={"kind": kind},
        )


def journalist_merge(*, actor, keep, duplicate):
    """`duplicate` is the same person as `keep`. Its lists join keep's, its e-mail and phone become
    further contact points of keep, and keep's empty fields are filled from it. The duplicate's
    row stays, marked merged and never contacted, so everything sent to it, its invitations and
    inquiries keep their history (both records link to each other; both are audited)."""
    _check(actor, perms.CHANGE_JOURNALIST)
    if keep.pk == duplicate.pk:
        raise Refusal(_("Pilih dua wartawan yang berbeda."), code="same")
    with transaction.atomic():
        rows = {
            j.pk: j for j in Journalist.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
        }
        keep, duplicate = rows[keep.pk], rows[duplicate.pk]
        for journalist in (keep, duplicate):
            if journalist.erased_at:
                raise Refusal(_("Data wartawan yang sudah dihapus tidak dapat digabung."), code="erased")
            if journalist.merged_into_id:
                raise Refusal(
                    _("%(name)s sudah digabung ke data lain.") % {"name": journalist.name}, code="merged"
                )
        moved = 0
        for membership in ContactListMembership.objects.filter(journalist=duplicate):
            _obj, created = ContactListMembership.objects.get_or_create(
                contact_list_id=membership.contact_list_id,
                journalist=keep,
                defaults={"added_by": _user(actor)},
            )
            moved += created
        ContactListMembership.objects.filter(journalist=duplicate).delete()
        points = [(JournalistContactPoint.Kind.EMAIL, duplicate.email, _("dari data gabungan"))]
        if duplicate.phone:
            points.append(
                (JournalistContactPoint.Kind.PHONE, duplicate.phone.as_e164, _("dari data gabungan"))
            )
        points += [(p.kind, p.value, p.label) for p in duplicate.contact_points.all()]
        primary = {("email", keep.email.lower()), ("phone", keep.phone.as_e164 if keep.phone else "")}
        for kind, value, label in points:
            if (kind, value.lower()) in primary:
                continue
            JournalistContactPoint.objects.get_or_create(
                journalist=keep,
                kind=kind,
                value__iexact=value,
                defaults={"value": value, "label": str(label)[:60]},
            )
        filled = []
        for field in ("phone", "outlet_id", "beat", "region", "consent_source", "consent_date"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
                filled.append(field)
        if duplicate.notes:
            keep.notes = (keep.notes + "\n\n" if keep.notes else "") + duplicate.notes
            filled.append("notes")
        keep.save()
        duplicate.merged_into = keep
        duplicate.merged_at = timezone.now()
        duplicate.do_not_contact = True
        duplicate.do_not_contact_reason = _("Digabung ke data wartawan #%(pk)s.") % {"pk": keep.pk}
        duplicate.save()
        transaction.on_commit(filter_choices_forget)
        audit_record(
            actor=actor,
            action="contacts.journalist.merge",
            obj=keep,
            data={"merged": duplicate.pk, "lists_moved": moved, "fields_filled": filled},
        )
        audit_record(
            actor=actor, action="contacts.journalist.merged_into", obj=duplicate, data={"into": keep.pk}
        )
    return keep


# --- taxonomy: the staff list of desks ---------------------------------------------------------
def beat_save(*, actor, name, beat=None):
    """Add a desk, or rename one: a rename carries every contact and segment with it."""
    _check(actor, perms.CHANGE_JOURNALIST)
    name = " ".join((name or "").split())[:100]
    if not name:
        raise Refusal(_("Tuliskan nama desk."), field="name", code="required")
    with transaction.atomic():
        clash = Beat.objects.filter(name__iexact=name)
        if beat is not None:
            clash = clash.exclude(pk=beat.pk)
        if clash.exists():
            raise Refusal(_("Desk dengan nama ini sudah ada."), field="name", code="duplicate")
        if beat is None:
            beat = Beat.objects.create(name=name)
            audit_record(actor=actor, action="contacts.beat.create", obj=beat, data={"name": name})
            return beat
        beat = Beat.objects.select_for_update().get(pk=beat.pk)
        old = beat.name
        beat.name = name
        beat.save()
        moved = Journalist.objects.filter(beat__iexact=old).update(beat=name, updated_at=timezone.now())
        for segment in Segment.objects.filter(beats__icontains=old):
            segment.beats = sorted({name if b.lower() == old.lower() else b for b in segment.beats})
            segment.save(update_fields=["beats", "updated_at"])
        transaction.on_commit(filter_choices_forget)
        audit_record(
            actor=actor,
            action="contacts.beat.rename",
            obj=beat,
            data={"from": old, "to": name, "contacts": moved},
        )
    return beat


def beat_delete(*, actor, beat):
    """A desk still used by a contact or a segment is not deleted (rename or merge it instead)."""
    _check(actor, perms.CHANGE_JOURNALIST)
    with transaction.atomic():
        beat = Beat.objects.select_for_update().get(pk=beat.pk)
        used = Journalist.objects.filter(beat__iexact=beat.name, erased_at__isnull=True).count()
        if used or Segment.objects.filter(beats__icontains=beat.name).exists():
            raise Refusal(
                _("Desk “%(name)s” masih dipakai %(n)s wartawan atau segmen; ganti namanya bila perlu.")
                % {"name": beat.name, "n": used},
                code="in_use",
            )
        audit_record(actor=actor, action="contacts.beat.delete", obj=beat, data={"name": beat.name})
        beat.delete()


# --- import ----------------------------------------------------------------------------------
def import_path(contact_import):
    return Path(settings.MEDIA_ROOT) / contact_import.stored_path


def _progress_key(pk):
    return f"contacts:import:{pk}:progress"


def import_progress_get(contact_import):
    """(done, total) of the running phase; kept in Redis because the commit runs inside one
    transaction whose row updates nobody can see until it ends."""
    value = cache.get(_progress_key(contact_import.pk))
    if not value:
        return 0, max(contact_import.total_rows, 1)
    return value[0], value[1]


def _progress_set(pk, done, total):
    # The third value is the heartbeat the stale-import sweep reads.
    cache.set(_progress_key(pk), (done, max(total, 1), time.time()), 3600)


def _progress_heartbeat(pk):
    value = cache.get(_progress_key(pk))
    return value[2] if value and len(value) > 2 else None


def contact_import_create(
    *, actor, upload, on_duplicate, consent_evidence=None, on_invalid_optional="keep", contact_list=None
):
    """Keep the uploaded file and record it; refuses (ImportRefused) what can not be a contact file.
    `consent_evidence` ({"source", "date", "document"}) is fresh consent for the file's
    suppressed addresses (erased or unsubscribed before); without it they are skipped."""
    _check(actor, perms.IMPORT_JOURNALIST)
    evidence = consent_evidence or {}
    if upload.size > importing.MAX_UPLOAD_BYTES:
        raise importing.ImportRefused(
            _(
                "Berkas terlalu besar (%(size)s MB). Batasnya %(limit)s MB; bagi berkas menjadi beberapa bagian."
            )
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": importing.MAX_UPLOAD_BYTES // 1024 // 1024,
            }
        )
    if upload.size == 0:
        raise importing.ImportRefused(_("Berkas kosong: tidak ada baris untuk diimpor."))
    upload.seek(0)
    head = upload.read(65536)
    file_format = importing.detect_format(head, upload.name)
    relative = f"{IMPORT_DIR}/{uuid.uuid4().hex}.{file_format}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with open(target, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    with transaction.atomic():
        contact_import = ContactImport.objects.create(
            file_name=Path(upload.name).name[:255],
            stored_path=relative,
            file_format=file_format,
            on_duplicate=on_duplicate,
            on_invalid_optional=on_invalid_optional,
            contact_list=contact_list,
            total_rows=importing.count_rows(target, file_format),
            created_by=_user(actor),
            consent_evidence_source=(evidence.get("source") or "").strip()[:200],
            consent_evidence_date=evidence.get("date"),
            consent_evidence_document=(evidence.get("document") or "").strip()[:300],
        )
        audit_record(
            actor=actor,
            action="contacts.import.upload",
            obj=contact_import,
            to_state="pending",
            data={"consent_evidence": bool(evidence.get("source"))},
        )
    return contact_import


def contact_import_start_validation(*, actor, contact_import):
    """Run the dry run now for small files, in a Celery task for big ones."""
    _check(actor, perms.IMPORT_JOURNALIST)
    if contact_import.total_rows > importing.INLINE_MAX_ROWS:
        from .tasks import contact_import_validate_task

        ContactImport.objects.filter(pk=contact_import.pk).update(status=ContactImport.Status.VALIDATING)
        transaction.on_commit(lambda: contact_import_validate_task.delay(contact_import.pk))
        return False
    contact_import_validate(contact_import_id=contact_import.pk)
    return True


def contact_import_validate(*, contact_import_id):
    """The dry run: read and check everything, store the per-row report, write no contact."""
    with transaction.atomic():
        contact_import = ContactImport.objects.select_for_update().get(pk=contact_import_id)
        if contact_import.status not in (ContactImport.Status.PENDING, ContactImport.Status.VALIDATING):
            return contact_import
        contact_import.status = ContactImport.Status.VALIDATING
        contact_import.save(update_fields=["status", "updated_at"])
    pk = contact_import.pk
    total = contact_import.total_rows
    _progress_set(pk, 0, total)
    try:
        plan = importing.plan_file(
            importing.read_rows(import_path(contact_import), contact_import.file_format),
            on_duplicate=contact_import.on_duplicate,
            progress=lambda n: _progress_set(pk, n, total),
            mapping=contact_import.column_mapping,
            on_invalid_optional=contact_import.on_invalid_optional,
        )
    except importing.ImportRefused as exc:
        return _import_fail(contact_import, str(exc), from_state="validating")
    _error_file_write(contact_import, plan)
    if not plan.missing_columns:
        if plan.error_count == 0:
            _snapshot_path(contact_import).write_text(importing.plan_dump(plan), encoding="utf-8")
        plan.consent_evidence = _import_evidence(contact_import)
        importing.match_database(plan, contact_import.on_duplicate)
    with transaction.atomic():
        contact_import = ContactImport.objects.select_for_update().get(pk=pk)
        _store_plan(contact_import, plan)
        contact_import.status = (
            ContactImport.Status.VALIDATED if plan.error_count == 0 else ContactImport.Status.INVALID
        )
        contact_import.save()
        audit_record(
            actor=contact_import.created_by,
            action="contacts.import.validate",
            obj=contact_import,
            from_state="validating",
            to_state=contact_import.status,
            data={"rows": plan.total_rows, "errors": plan.error_count, "suppressed": plan.suppressed_skipped},
        )
    cache.delete(_progress_key(pk))
    return contact_import


def _store_plan(contact_import, plan):
    contact_import.total_rows = plan.total_rows
    contact_import.error_count = plan.error_count
    contact_import.warning_count = plan.warning_count
    if plan.header:
        contact_import.header = [str(title)[:100] for title in plan.header[:200]]
        contact_import.unknown_columns = plan.unknown_columns[:200]
    contact_import.created_count = plan.create_count
    contact_import.updated_count = plan.update_count
    contact_import.skipped_count = plan.skip_count
    contact_import.columns = plan.columns
    contact_import.report = plan.report + (
        [
            {
                "row": None,
                "field": "",
                "level": "warning",
                "message": _("Laporan dipotong: terlalu banyak catatan."),
            }
        ]
        if plan.report_truncated
        else []
    )


def error_file_path(contact_import):
    """The rows the dry run could not take as they were, with a reason column (CSV)."""
    return import_path(contact_import).with_suffix(".errors.csv")


def _error_file_write(contact_import, plan):
    path = error_file_path(contact_import)
    if not plan.problem_rows:
        path.unlink(missing_ok=True)
        return
    headers = [_("baris"), *[str(h) for h in plan.header], _("alasan")]
    with open(path, "wb") as fh:
        for chunk in csv_stream(
            headers, ([number, *cells, reason] for number, cells, reason in plan.problem_rows)
        ):
            fh.write(chunk)


def _import_fail(contact_import, message, *, from_state):
    with transaction.atomic():
        contact_import = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        contact_import.status = ContactImport.Status.FAILED
        contact_import.failure = message
        contact_import.finished_at = timezone.now()
        contact_import.save()
        audit_record(
            actor=contact_import.created_by,
            action="contacts.import.fail",
            obj=contact_import,
            from_state=from_state,
            to_state="failed",
            data={"reason": message},
        )
    cache.delete(_progress_key(contact_import.pk))
    return contact_import


def contact_import_commit(*, actor, contact_import):
    """Ask for the real import after a clean dry run: in-request for small files, else Celery."""
    _check(actor, perms.IMPORT_JOURNALIST)
    with transaction.atomic():
        contact_import = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if contact_import.status == ContactImport.Status.DONE:
            raise Refusal(
                _("Impor ini sudah selesai pada %(when)s; tidak ada yang disimpan dua kali.")
                % {"when": timezone.localtime(contact_import.finished_at).strftime("%d-%m-%Y %H:%M")},
                code="already_done",
            )
        if contact_import.status == ContactImport.Status.IMPORTING:
            raise Refusal(_("Impor ini sedang berjalan."), code="running")
        if not contact_import.can_commit:
            raise Refusal(
                _("Impor ini belum siap: perbaiki kesalahan di berkas lalu unggah lagi."), code="not_ready"
            )
        contact_import.status = ContactImport.Status.IMPORTING
        contact_import.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="contacts.import.start",
            obj=contact_import,
            from_state="validated",
            to_state="importing",
        )
        inline = contact_import.total_rows <= importing.INLINE_MAX_ROWS
        if not inline:
            from .tasks import contact_import_commit_task

            pk = contact_import.pk
            transaction.on_commit(lambda: contact_import_commit_task.delay(pk))
    if inline:
        return contact_import_run(contact_import_id=contact_import.pk)
    return contact_import


def contact_import_run(*, contact_import_id):
    """Write the import: the file is checked again against the database as it is now, and
    everything is written in one transaction, or nothing is."""
    contact_import = ContactImport.objects.get(pk=contact_import_id)
    if contact_import.status != ContactImport.Status.IMPORTING:
        return contact_import
    pk = contact_import.pk
    total = contact_import.total_rows
    try:
        with transaction.atomic():
            locked = ContactImport.objects.select_for_update().get(pk=pk)
            if locked.status != ContactImport.Status.IMPORTING:
                return locked
            _progress_set(pk, 0, total * 2)
            plan = _plan_for_commit(locked, progress=lambda n: _progress_set(pk, n, total * 2))
            if plan.error_count:
                # The database changed since the dry run; nothing is written.
                _store_plan(locked, plan)
                locked.status = ContactImport.Status.INVALID
                locked.save()
                audit_record(
                    actor=locked.created_by,
                    action="contacts.import.validate",
                    obj=locked,
                    from_state="importing",
                    to_state="invalid",
                    data={"errors": plan.error_count},
                )
                return locked
            _write_plan(
                plan, actor=locked.created_by, progress=lambda n: _progress_set(pk, total + n, total * 2)
            )
            if plan.suppressed_overridden:
                evidence = _import_evidence(locked)
                for entry in importing.suppressed_entries(plan.suppressed_overridden).values():
                    _suppression_override(
                        actor=locked.created_by or "system:import",
                        entry=entry,
                        evidence=evidence,
                        via="import",
                        obj=locked,
                    )
            _store_plan(locked, plan)
            if locked.contact_list_id:
                locked.added_to_list_count = _import_into_list(locked, plan)
            locked.status = ContactImport.Status.DONE
            locked.finished_at = timezone.now()
            locked.save()
            audit_record(
                actor=locked.created_by,
                action="contacts.import.commit",
                obj=locked,
                from_state="importing",
                to_state="done",
                data={
                    "created": plan.create_count,
                    "updated": plan.update_count,
                    "skipped": plan.skip_count,
                    "suppressed_skipped": plan.suppressed_skipped,
                    "suppressed_overridden": len(plan.suppressed_overridden),
                },
            )
    except importing.ImportRefused as exc:
        return _import_fail(contact_import, str(exc), from_state="importing")
    except IntegrityError:
        logger.warning("contact import %s hit a uniqueness race", pk, exc_info=True)
        return _import_fail(
            contact_import,
            _(
                "Data berubah selama impor (e-mail yang sama ditambahkan bersamaan). Tidak ada yang disimpan; coba lagi."
            ),
            from_state="importing",
        )
    except DatabaseError:
        logger.exception("contact import %s failed in the database", pk)
        return _import_fail(
            contact_import,
            _("Basis data menolak impor ini. Tidak ada yang disimpan; periksa berkas lalu coba lagi."),
            from_state="importing",
        )
    cache.delete(_progress_key(pk))
    return locked


def _import_into_list(contact_import, plan):
    """Every contact of the file joins the chosen list: new, updated and those already there
    (but not the suppressed addresses the import skipped). Returns how many joined."""
    emails = sorted(plan.file_emails - set(plan.suppressed_skipped_emails))
    ids = []
    for start in range(0, len(emails), 5000):
        ids.extend(
            Journalist.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails[start : start + 5000], erased_at__isnull=True)
            .values_list("pk", flat=True)
        )
    before = ContactListMembership.objects.filter(contact_list_id=contact_import.contact_list_id).count()
    ContactListMembership.objects.bulk_create(
        [
            ContactListMembership(
                contact_list_id=contact_import.contact_list_id,
                journalist_id=pk,
                added_by=contact_import.created_by,
            )
            for pk in ids
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    added = (
        ContactListMembership.objects.filter(contact_list_id=contact_import.contact_list_id).count() - before
    )
    audit_record(
        actor=contact_import.created_by or "system:import",
        action="contacts.list.add_members",
        obj=contact_import.contact_list,
        data={"added": added, "import": contact_import.pk},
    )
    return added


def _import_evidence(contact_import):
    if not contact_import.consent_evidence_source:
        return None
    return {
        "source": contact_import.consent_evidence_source,
        "date": contact_import.consent_evidence_date,
        "document": contact_import.consent_evidence_document,
    }


def _snapshot_path(contact_import):
    return import_path(contact_import).with_suffix(".plan.json")


def _plan_for_commit(contact_import, *, progress):
    """The dry run's file-only result if it is on disk (the file does not change), else the
    file read and checked again; then matched against the database as it is now."""
    snapshot = _snapshot_path(contact_import)
    try:
        plan = importing.plan_load(snapshot.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return importing.plan_import(
            importing.read_rows(import_path(contact_import), contact_import.file_format),
            on_duplicate=contact_import.on_duplicate,
            progress=progress,
            consent_evidence=_import_evidence(contact_import),
            mapping=contact_import.column_mapping,
            on_invalid_optional=contact_import.on_invalid_optional,
        )
    plan.consent_evidence = _import_evidence(contact_import)
    importing.match_database(plan, contact_import.on_duplicate)
    return plan


_COPY_COLUMNS = [
    "created_at",
    "updated_at",
    "name",
    "email",
    "phone",
    "outlet_id",
    "beat",
    "region",
    "language",
    "notes",
    "lawful_basis",
    "consent_source",
    "consent_date",
    "do_not_contact",
    "opt_out_by",
    "do_not_contact_reason",
    "flagged_values",
]
_COPY_NULLABLE = ["outlet_id", "consent_date"]


def _copy_journalists(rows, *, now):
    """New journalists through PostgreSQL COPY: ten times cheaper than building model instances
    for tens of thousands of rows. Every value was already checked and normalised by the
    importer (e-mail lower-cased and valid, phone E.164, dates parsed); the database still
    enforces the case-insensitive e-mail uniqueness, so a concurrent insert aborts everything."""
    defaults = {
        "language": Journalist._meta.get_field("language").default,
        "lawful_basis": Journalist._meta.get_field("lawful_basis").default,
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    stamp = now.isoformat()
    for values in rows:
        phone = values.get("phone") or ""
        phone = getattr(phone, "as_e164", phone)
        consent_date = values.get("consent_date")
        writer.writerow(
            [
                stamp,
                stamp,
                values["name"],
                values["email"],
                phone,
                values.get("outlet_id") or "",
                values.get("beat", ""),
                values.get("region", ""),
                values.get("language") or defaults["language"],
                values.get("notes", ""),
                values.get("lawful_basis") or defaults["lawful_basis"],
                values.get("consent_source", ""),
                consent_date.isoformat() if consent_date else "",
                "f",
                "",
                "",
                json.dumps(values.get("_flagged") or {}, ensure_ascii=False),
            ]
        )
    buffer.seek(0)
    table = Journalist._meta.db_table
    sql = (
        f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NULL ({', '.join(_COPY_NULLABLE)}))"
    )
    # wrap_database_errors turns psycopg's UniqueViolation into Django's IntegrityError.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.copy_expert(sql, buffer)


def _write_plan(plan, *, actor, progress):
    # New rows go to the trigram indexes' pending list and are merged in one sweep at the end
    # (or by autovacuum) instead of one GIN insertion per row: several times faster for big files.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gin_pending_list_limit = 65536")
    if plan.beats_new:
        Beat.objects.bulk_create([Beat(name=name[:100]) for name in plan.beats_new], ignore_conflicts=True)
    outlet_ids = dict(plan.outlets)
    if plan.outlets_new:
        new_outlets = [MediaOutlet(name=name, outlet_type=kind) for name, kind in plan.outlets_new.values()]
        for outlet in MediaOutlet.objects.bulk_create(new_outlets, batch_size=1000):
            outlet_ids[outlet.name.lower()] = outlet.pk
    creates = []
    updates = []
    for row in plan.rows:
        # Empty cells never blank what is known (nor override a field's default).
        values = {f: row[f] for f in IMPORT_FIELDS if row.get(f) not in ("", None)}
        if row.get("_flagged"):
            values["_flagged"] = row["_flagged"]
        if row.get("outlet"):
            values["outlet_id"] = outlet_ids[row["outlet"].lower()]
        if "_pk" in row:
            updates.append((row["_pk"], values))
        else:
            creates.append(values)
    now = timezone.now()
    done = 0
    batch = 5000
    for start in range(0, len(creates), batch):
        chunk = creates[start : start + batch]
        _copy_journalists(chunk, now=now)
        done += len(chunk)
        progress(done)
    if creates:
        # Merge the pending list now, in one sorted pass, so the first search after a big import
        # does not have to read 50,000 unmerged entries.
        # (The indexes exist only where the server has pg_trgm: see migration 0003.)
        with connection.cursor() as cursor:
            for index in ("journalist_name_trgm", "journalist_email_trgm"):
                cursor.execute("SELECT to_regclass(%s)", [index])
                if cursor.fetchone()[0] is not None:
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
    creates.clear()
    for start in range(0, len(updates), batch):
        chunk = updates[start : start + batch]
        objects = Journalist.objects.in_bulk([pk for pk, _values in chunk])
        touched_fields = set()
        changed = []
        for pk, values in chunk:
            journalist = objects[pk]
            if journalist.erased_at:
                continue
            for field, value in values.items():
                if field == "email":
                    # Matched by this address (or a duplicate merged into this record): never
                    # rewritten by an update.
                    continue
                if field == "_flagged":
                    journalist.flagged_values = {**journalist.flagged_values, **value}
                    touched_fields.add("flagged_values")
                    continue
                setattr(journalist, field, value)
                touched_fields.add(field)
            journalist.updated_at = now
            changed.append(journalist)
        if changed and touched_fields:
            Journalist.objects.bulk_update(changed, sorted(touched_fields | {"updated_at"}))
        done += len(chunk)
        progress(done)


def contact_import_map_columns(*, actor, contact_import, mapping):
    """The user says which field each column of the file holds (for headers we don't
    recognise); the dry run runs again with that mapping. `mapping` is {str(index): field or ""}."""
    _check(actor, perms.IMPORT_JOURNALIST)
    allowed = set(importing.FIELD_LABELS)
    clean = {}
    for key, value in (mapping or {}).items():
        if str(key).isdigit() and (value == "" or value in allowed):
            clean[str(key)] = value
    chosen = [v for v in clean.values() if v]
    if len(chosen) != len(set(chosen)):
        raise Refusal(_("Satu isian hanya boleh dipetakan ke satu kolom."), code="mapping")
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if not locked.can_map_columns:
            raise Refusal(_("Kolom impor ini tidak dapat dipetakan lagi."), code="state")
        from_state = locked.status
        locked.column_mapping = clean
        locked.status = ContactImport.Status.PENDING
        locked.save(update_fields=["column_mapping", "status", "updated_at"])
        _snapshot_path(locked).unlink(missing_ok=True)
        audit_record(
            actor=actor,
            action="contacts.import.map_columns",
            obj=locked,
            from_state=from_state,
            to_state="pending",
            data={"mapping": clean},
        )
    contact_import_start_validation(actor=actor, contact_import=locked)
    locked.refresh_from_db()
    return locked


def contact_import_retry(*, actor, contact_import):
    """A failed import (its worker died, the database refused) runs its dry run again from the
    stored file; nothing of the failed attempt was written."""
    _check(actor, perms.IMPORT_JOURNALIST)
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.status != ContactImport.Status.FAILED:
            raise Refusal(_("Hanya impor yang gagal yang dapat dicoba lagi."), code="state")
        if not locked.stored_path or not import_path(locked).exists():
            raise Refusal(_("Berkas impor ini sudah dihapus; unggah lagi."), code="gone")
        locked.status = ContactImport.Status.PENDING
        locked.failure = ""
        locked.finished_at = None
        locked.save(update_fields=["status", "failure", "finished_at", "updated_at"])
        _snapshot_path(locked).unlink(missing_ok=True)
        audit_record(
            actor=actor, action="contacts.import.retry", obj=locked, from_state="failed", to_state="pending"
        )
    contact_import_start_validation(actor=actor, contact_import=locked)
    locked.refresh_from_db()
    return locked


def _import_stale_after():
    return timezone.timedelta(seconds=getattr(settings, "HUMAS_IMPORT_STALE_SECONDS", 900))


def contact_import_sweep_stale(*, now=None):
    """Imports whose worker died (killed, out of memory, Redis lost with the queued task) would
    sit at "Sedang diperiksa"/"Sedang diimpor" for ever. An import is stale when neither its row
    nor its progress heartbeat moved for HUMAS_IMPORT_STALE_SECONDS; a commit whose transaction
    still holds the row lock is alive whatever the clock says (a dead worker's connection is
    closed by PostgreSQL, which releases the lock). Stale ones fail with a message; nothing was
    written (the commit is one transaction) and they can be retried."""
    now = now or timezone.now()
    cutoff = now - _import_stale_after()
    running = [ContactImport.Status.VALIDATING, ContactImport.Status.IMPORTING]
    failed = 0
    for pk in ContactImport.objects.filter(status__in=running, updated_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        beat = _progress_heartbeat(pk)
        if beat is not None and beat >= cutoff.timestamp():
            continue
        with transaction.atomic():
            locked = (
                ContactImport.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=running, updated_at__lt=cutoff)
                .first()
            )
            if locked is None:
                continue  # a live commit holds it, or it moved on meanwhile
            from_state = locked.status
            locked.status = ContactImport.Status.FAILED
            locked.failure = _(
                "Proses impor berhenti tanpa selesai (pekerja latar belakang mati atau koneksi terputus). "
                "Tidak ada kontak yang disimpan. Tekan “Coba lagi” untuk mengulang."
            )
            locked.finished_at = now
            locked.save()
            audit_record(
                actor="system:beat",
                action="contacts.import.fail",
                obj=locked,
                from_state=from_state,
                to_state="failed",
                data={"reason": "stale"},
            )
            failed += 1
        cache.delete(_progress_key(pk))
    return failed


IMPORT_FILE_RETENTION = timezone.timedelta(days=7)


def contact_import_files_purge(*, actor, now=None):
    """Delete uploaded files (and dry-run snapshots) of imports that ended, or were left
    unfinished, more than IMPORT_FILE_RETENTION ago. The ContactImport rows and reports stay."""
    _check(actor, perms.IMPORT_JOURNALIST)
    cutoff = (now or timezone.now()) - IMPORT_FILE_RETENTION
    stale = (
        ContactImport.objects.filter(updated_at__lt=cutoff)
        .exclude(stored_path="")
        .exclude(status__in=[ContactImport.Status.VALIDATING, ContactImport.Status.IMPORTING])
    )
    purged = 0
    for contact_import in stale:
        with transaction.atomic():
            locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
            if not locked.stored_path:
                continue
            for path in (import_path(locked), _snapshot_path(locked), error_file_path(locked)):
                path.unlink(missing_ok=True)
            locked.stored_path = ""
            if locked.status in (ContactImport.Status.PENDING, ContactImport.Status.VALIDATED):
                locked.status = ContactImport.Status.FAILED
                locked.failure = _("Berkas dihapus otomatis setelah 7 hari; unggah lagi untuk mengimpor.")
            locked.save()
            audit_record(actor=actor, action="contacts.import.purge_file", obj=locked)
            purged += 1
    return purged
