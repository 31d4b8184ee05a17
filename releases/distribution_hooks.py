"""What the distribution pipeline needs to know about releases, registered from here (the
pipeline knows no client): the release mail, the "only approved or published" check, the
default subject and how the "Kirim ke wartawan" page finds the release (`?release=<pk>`).
Loaded by distribution's start-up (it imports every app's `distribution_hooks` module)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from distribution.mail import PersonalisedParts
from distribution.registry import (
    OutgoingMail,
    follow_up_note,
    follow_up_subject,
    register_builder,
    register_source,
    register_source_check,
)
from kernel.links import link_token
from kernel.refusal import Refusal
from kernel.sanitize import sanitize_html
from kernel.siteurl import absolute_url
from kernel.text import html_to_text

from .links import EMBARGO_ROOM
from .mailcontent import (
    ROOM_TOKEN_PLACEHOLDER,
    attachments_for_mail,
    body_for_mail,
    gallery_for_mail,
    hero_for_mail,
    room_url,
)

SENDABLE_RELEASE_STATUSES = ("approved", "scheduled", "published")


def presskit_url(release):
    """Hook for the press-kit engineer: `releases.presskit.selectors.presskit_public_url(release)`
    once it exists; None until then (the mail then simply has no press-kit link)."""
    try:
        from releases.presskit.selectors import presskit_public_url
    except ImportError:
        return None
    try:
        return presskit_public_url(release)
    except Exception:  # noqa: BLE001 - a missing kit must never stop a send
        return None


def release_public_url(release):
    return absolute_url(release.get_absolute_url())


def embargo_label(release):
    if not release.is_embargoed:
        return ""
    local = timezone.localtime(release.embargo_until)
    return local.strftime("%d-%m-%Y %H.%M") + " WIB"


def release_subject(release):
    if release.is_embargoed:
        return _("EMBARGO s.d. %(time)s: %(title)s") % {
            "time": embargo_label(release),
            "title": release.title,
        }
    return release.title


@register_source_check("releases.release")
def release_sendable(release):
    if release.status not in SENDABLE_RELEASE_STATUSES:
        raise Refusal(
            _("Hanya siaran pers yang sudah disetujui atau terbit yang dapat dikirim."), code="not_sendable"
        )


def release_sendable_get(pk):
    """The release the "Kirim ke wartawan" page was opened for, or None (the page answers 404)."""
    from .models import Release

    if not str(pk).isdigit():
        return None
    return Release.objects.filter(pk=pk, status__in=SENDABLE_RELEASE_STATUSES).first()


def release_send_notice(release):
    if not release.is_embargoed:
        return ""
    return _("Siaran pers ini masih embargo sampai %(time)s. Surat akan memuat tanda EMBARGO.") % {
        "time": embargo_label(release)
    }


register_source(
    "releases.release",
    param="release",
    get=release_sendable_get,
    subject=release_subject,
    notice=release_send_notice,
    share_text=lambda release: _whatsapp_text(release),
)


def _whatsapp_text(release):
    from .selectors import release_whatsapp_text

    return release_whatsapp_text(release)


# Per worker process, the mail context of the releases being sent: consecutive batches of one
# distribution neither re-read the release's quotes, contacts and organisation nor re-render its
# templates. Keyed by the release's and the organisation's last change and kept one minute at
# most, so a press kit that becomes ready mid-send is linked from the next minute's mails (and
# an embargo that lifts mid-send keeps its banner for at most that minute: never the reverse).
CONTEXT_TTL_SECONDS = 60
_contexts = {}  # (release pk, release.updated_at, org.updated_at) -> (expires, context)


def room_open_for(release):
    """The mail leads to the embargo room while the release's own files are not public yet."""
    return release.is_embargoed or not release.is_public


def room_token(release, journalist, delivery):
    """The recipient's own embargo-room token (kernel.links); without a contact row (a test mail
    to a staff address) it carries no journalist and opens the room only for staff."""
    extra = {}
    if getattr(journalist, "pk", None):
        extra["j"] = journalist.pk
    if delivery is not None and getattr(delivery, "pk", None):
        extra["d"] = delivery.pk
    return link_token(EMBARGO_ROOM, release.pk, **extra)


def _release_context(release):
    cached = getattr(release, "_distribution_mail_ctx", None)
    if cached is not None:
        return cached
    import time

    from kernel.selectors import organisation_profile_get

    org = organisation_profile_get()
    key = (release.pk, release.updated_at, org.updated_at, release.is_public, release.is_embargoed)
    now = time.monotonic()
    expires, cached = _contexts.get(key, (0, None))
    if expires <= now:
        cached = release_mail_context(release, org=org)
        cached["parts"] = PersonalisedParts("releases/mail/distribution", dict(cached))
        for stale in [k for k, (until, _ctx) in _contexts.items() if until <= now]:
            del _contexts[stale]
        _contexts[key] = (now + CONTEXT_TTL_SECONDS, cached)
    release._distribution_mail_ctx = cached
    return cached


def release_mail_context(release, *, org):
    """Everything the release mail shows, with the recipient's embargo-room token left as
    mailcontent.ROOM_TOKEN_PLACEHOLDER (filled in per recipient by release_mail)."""
    contacts = list(release.contacts.all())
    in_room = room_open_for(release)
    body_html = body_for_mail(release, sanitize_html(release.body), fallback_alt=release.title)
    return {
        "org": org,
        "release": release,
        "quotes": list(release.quotes.all()),
        "contacts": contacts,
        "body_html": body_html,
        # From the rewritten body: its links are absolute too.
        "body_text": html_to_text(body_html),
        "hero": hero_for_mail(release),
        "gallery": gallery_for_mail(release, in_room=in_room),
        "attachments": attachments_for_mail(release, in_room=in_room),
        "public_url": release_public_url(release),
        "room_url": room_url() if in_room else "",
        "presskit_url": room_url("releases:embargo_room_kit") if in_room else presskit_url(release),
        "embargo": embargo_label(release),
        "reply_to": [c.email for c in contacts if c.email][:1],
        "subject": release_subject(release),
        "site_url": absolute_url("/"),
    }


def _parts_for(ctx, follow_up):
    """The rendered parts of the original mail, or of a follow-up (correction, embargo notice:
    the same mail with a note on top), each rendered once per cached context."""
    if not follow_up:
        return ctx["parts"]
    key = f"parts_{follow_up}"
    if key not in ctx:
        note = follow_up_note(follow_up)
        ctx[key] = PersonalisedParts(
            "releases/mail/distribution", {**ctx["parts"].context, "follow_up_note": note}
        )
    return ctx[key]


@register_builder("releases.release")
def release_mail(release, journalist, delivery, *, follow_up=""):
    ctx = _release_context(release)
    html, text = _parts_for(ctx, follow_up).for_journalist(journalist)
    if ctx["room_url"]:
        token = room_token(release, journalist, delivery)
        html = html.replace(ROOM_TOKEN_PLACEHOLDER, token)
        text = text.replace(ROOM_TOKEN_PLACEHOLDER, token)
    return OutgoingMail(
        subject=follow_up_subject(follow_up, ctx["subject"]),
        text=text,
        html=html,
        reply_to=list(ctx["reply_to"]),
    )
