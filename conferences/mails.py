"""Mail builders of conferences for the distribution pipeline (registered on import from
ConferencesConfig.ready). Each turns (conference, journalist, delivery) into an OutgoingMail;
they only read, except that an invitation without its RSVP row gets one (so a link always works).
"""

import io

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts.tokens import unsubscribe_url
from distribution.registry import OutgoingMail, register_builder
from kernel.selectors import organisation_profile_get

from .ical import conference_ics
from .links import checkin_code, rsvp_url
from .models import Invitation

MODEL = "conferences.conference"


def qr_png(data, box_size=8):
    code = qrcode.QRCode(box_size=box_size, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(data):
    import qrcode.image.svg

    code = qrcode.QRCode(box_size=10, border=2, image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode")


def _invitation(conference, journalist):
    invitation = Invitation.objects.filter(conference=conference, journalist=journalist).first()
    if invitation is None:
        invitation, _created = Invitation.objects.get_or_create(conference=conference, journalist=journalist)
    return invitation


def _slug_file(conference):
    return f"konferensi-pers-{conference.pk}.ics"


def _build(conference, journalist, *, kind, subject, calendar, rsvp=True, checkin=True, followup=False):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        org = organisation_profile_get()
        # A test send (distribution_send_test) renders for an unsaved sample journalist: no
        # invitation row, no personal links.
        preview = journalist.pk is None
        invitation = _invitation(conference, journalist) if (rsvp or checkin) and not preview else None
        context = {
            "kind": kind,
            "conference": conference,
            "speakers": list(conference.speakers.all()),
            "journalist": journalist,
            "org": org,
            "site_url": settings.HUMAS_SITE_URL,
            "public_url": settings.HUMAS_SITE_URL + conference.get_absolute_url()
            if conference.is_public
            else "",
            "unsubscribe_url": "" if preview else unsubscribe_url(journalist),
            "preview": preview and (rsvp or checkin),
            "show_note": bool(conference.status_note) and kind in ("cancellation", "reschedule"),
            "release": None,
            "release_url": "",
        }
        if invitation is not None and rsvp:
            context["rsvp"] = {
                "page": rsvp_url(invitation),
                "yes": rsvp_url(invitation, "yes"),
                "no": rsvp_url(invitation, "no"),
                "maybe": rsvp_url(invitation, "maybe"),
            }
            context["answer"] = invitation.get_answer_display() if invitation.answer else ""
        attachments = []
        if invitation is not None and checkin:
            code = checkin_code(invitation)
            context["checkin_code"] = code
            attachments.append(("kode-checkin.png", qr_png(code), "image/png"))
        release = conference.release
        # Only a release the public may read goes out (never a draft or an embargoed one).
        if followup and release is not None and release.is_public:
            context["release"] = release
            context["release_url"] = settings.HUMAS_SITE_URL + release.get_absolute_url()
            for attachment in release.attachments.all()[:5]:
                # The press-kit files of the release; a missing file must not stop the mail.
                try:
                    with attachment.file.open("rb") as fh:
                        attachments.append(
                            (attachment.file.name.rsplit("/", 1)[-1], fh.read(), attachment.content_type)
                        )
                except OSError:
                    continue
            # The press kit: linked, and attached when it is rendered (a pending kit only links).
            from releases.presskit.selectors import (
                presskit_current,
                presskit_download_name,
                presskit_public_url,
            )

            context["presskit_url"] = presskit_public_url(release)
            kit = presskit_current(release) if context["presskit_url"] else None
            if kit is not None and kit.file:
                try:
                    with kit.file.open("rb") as fh:
                        attachments.append((presskit_download_name(release), fh.read(), "application/pdf"))
                except OSError:
                    pass
        if calendar:
            ics = conference_ics(conference, cancelled=kind == "cancellation")
            attachments.insert(0, (_slug_file(conference), ics, "text/calendar"))
        text = render_to_string("conferences/mail/message.txt", context)
        html = render_to_string("conferences/mail/message.html", context)
        reply_to = [org.email] if org.email else []
    return OutgoingMail(subject=subject, text=text, html=html, reply_to=reply_to, attachments=attachments)


def _when(conference):
    return f"{timezone.localtime(conference.starts_at):%d-%m-%Y %H.%M} WIB"


@register_builder(MODEL, kind="invitation")
def invitation_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("Undangan konferensi pers: %(title)s (%(when)s)") % {
            "title": source.title,
            "when": _when(source),
        }
    return _build(source, journalist, kind="invitation", subject=subject, calendar=True)


@register_builder(MODEL, kind="reminder")
def reminder_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("Pengingat konferensi pers: %(title)s (%(when)s)") % {
            "title": source.title,
            "when": _when(source),
        }
    return _build(source, journalist, kind="reminder", subject=subject, calendar=True)


@register_builder(MODEL, kind="reschedule")
def reschedule_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("Jadwal baru konferensi pers: %(title)s (%(when)s)") % {
            "title": source.title,
            "when": _when(source),
        }
    return _build(source, journalist, kind="reschedule", subject=subject, calendar=True)


@register_builder(MODEL, kind="cancellation")
def cancellation_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("DIBATALKAN: konferensi pers %(title)s") % {"title": source.title}
    return _build(
        source, journalist, kind="cancellation", subject=subject, calendar=True, rsvp=False, checkin=False
    )


@register_builder(MODEL, kind="followup_attended")
def followup_attended_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("Terima kasih atas kehadiran Anda: %(title)s") % {"title": source.title}
    return _build(
        source,
        journalist,
        kind="followup_attended",
        subject=subject,
        calendar=False,
        rsvp=False,
        checkin=False,
        followup=True,
    )


@register_builder(MODEL, kind="followup_absent")
def followup_absent_mail(source, journalist, delivery):
    with translation.override(journalist.language or settings.LANGUAGE_CODE):
        subject = _("Materi konferensi pers: %(title)s") % {"title": source.title}
    return _build(
        source,
        journalist,
        kind="followup_absent",
        subject=subject,
        calendar=False,
        rsvp=False,
        checkin=False,
        followup=True,
    )
