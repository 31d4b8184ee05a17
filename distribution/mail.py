"""Turning a builder's OutgoingMail into the bytes that go over SMTP. The pipeline, not the
builder, owns the envelope: From (organisation profile), Message-ID, List-Unsubscribe."""

import functools
import itertools
import secrets
import time
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from contacts.tokens import unsubscribe_url
from kernel.dkim import SignedEmailMultiAlternatives
from kernel.notifications import system_sender
from kernel.selectors import organisation_profile_get


def _unsubscribe_url(journalist):
    """The signed link is deterministic per contact (no timestamp): computed once per mail, not
    once for the body and again for the List-Unsubscribe header."""
    cached = getattr(journalist, "_humas_unsubscribe", None)
    if cached is None or cached[0] != journalist.pk:
        cached = (journalist.pk, unsubscribe_url(journalist))
        journalist._humas_unsubscribe = cached
    return cached[1]


def site_host():
    return urlsplit(settings.HUMAS_SITE_URL).hostname or "localhost"


def sender_address():
    """The organisation profile's name and e-mail (kernel's one rule for system mail)."""
    return system_sender()


def render_mail_parts(template_base, context, *, journalist):
    """Render `<template_base>.html` and `.txt` (both extending the shared mail layout in
    templates/mail/) with the organisation and the recipient's unsubscribe link in the context.
    For builders of every app."""
    ctx = {
        "org": context.get("org") or organisation_profile_get(),
        "journalist": journalist,
        "unsubscribe_url": unsubscribe_url(journalist) if journalist.pk else "",
        "site_url": settings.HUMAS_SITE_URL,
        **context,
    }
    return render_to_string(f"{template_base}.html", ctx), render_to_string(f"{template_base}.txt", ctx)


def build_message(mail, *, to_email, journalist, message_id=None, from_email=None):
    """An EmailMultiAlternatives with text + HTML parts and the list headers (RFC 2369, RFC 8058)."""
    headers = dict(mail.headers or {})
    if journalist is not None and journalist.pk:
        url = unsubscribe_url(journalist)
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id:
        headers["Message-ID"] = message_id
    headers.setdefault("Auto-Submitted", "auto-generated")
    message = SignedEmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=from_email or sender_address(),
        to=[to_email],
        reply_to=[addr for addr in (mail.reply_to or []) if addr],
        headers=headers,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for filename, content, mimetype in mail.attachments or []:
        message.attach(filename, content, mimetype)
    return message


def envelope_sender(from_email):
    return parseaddr(from_email)[1] or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


class PersonalisedParts:
    """Renders a mail's HTML and text once (per language) with placeholders for the greeting
    name and the unsubscribe link, then fills them in per recipient: a 10,000-recipient send
    must not render 10,000 templates. Other builders may use it the same way as the release's."""

    NAME = "HUMASxNAMEx7f3a"
    UNSUBSCRIBE = "https://humasxunsubscribex7f3a.invalid/"

    def __init__(self, template_base, context):
        self.template_base = template_base
        self.context = context
        self._cache = {}

    def _rendered(self, language):
        if language not in self._cache:
            from types import SimpleNamespace

            stand_in = SimpleNamespace(name=self.NAME, language=language, pk=None, email="")
            ctx = {**self.context, "unsubscribe_url": self.UNSUBSCRIBE}
            html, text = render_mail_parts(self.template_base, ctx, journalist=stand_in)
            self._cache[language] = (html, text)
        return self._cache[language]

    def for_journalist(self, journalist):
        from django.utils.html import escape

        if not journalist.pk:
            # A test mail to someone who is not a contact: no unsubscribe link to offer.
            return render_mail_parts(self.template_base, self.context, journalist=journalist)
        html, text = self._rendered(getattr(journalist, "language", "") or "id")
        url = _unsubscribe_url(journalist)
        name = journalist.name
        html = html.replace(self.NAME, str(escape(name))).replace(self.UNSUBSCRIBE, url)
        text = text.replace(self.NAME, name).replace(self.UNSUBSCRIBE, url)
        return html, text


class MailHeaderRefused(ValueError):
    """A header value with a line break (or another control character) in it: written as is,
    it would end the header and start new ones, or the body. The delivery fails permanently
    with this message instead of sending."""


_HEADER_BREAKERS = frozenset("\r\n\x00\u2028\u2029\x85\x0b\x0c")


def header_value_check(name, value):
    value = str(value)
    if any(ch in _HEADER_BREAKERS for ch in value):
        raise MailHeaderRefused(
            f"header {name} refused: it contains a line break or control character ({value[:80]!r})"
        )
    return value


def _mail_headers_check(mail, *, to_email, from_email, message_id):
    header_value_check("Subject", mail.subject)
    header_value_check("To", to_email)
    header_value_check("From", from_email)
    header_value_check("Message-ID", message_id or "")
    for addr in mail.reply_to or []:
        header_value_check("Reply-To", addr)
    for key, value in (mail.headers or {}).items():
        header_value_check("header name", key)
        header_value_check(key, value)
    for filename, _content, mimetype in mail.attachments or []:
        header_value_check("attachment filename", filename)
        header_value_check("attachment type", mimetype)


def _header(name, value):
    from email.header import Header

    # The one writer of hand-made headers refuses CR/LF itself, whatever its callers checked.
    value = header_value_check(name, value)
    if value.isascii() and len(value) < 900:
        return f"{name}: {value}\r\n"
    encoded = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    return f"{name}: {encoded}\r\n"


@functools.lru_cache(maxsize=64)
def _address_header(name, value):
    from email.utils import parseaddr

    display, addr = parseaddr(value)
    if display and not display.isascii():
        return f"{name}: {formataddr((display, addr), charset='utf-8')}\r\n"
    return _header(name, value)


def _b64_lines(data):
    """Same bytes as base64.encodebytes() with CRLF line ends (76 characters a line), without
    its Python loop over 57-byte chunks."""
    import binascii

    encoded = binascii.b2a_base64(data, newline=False)
    if not encoded:
        return b""
    return b"\r\n".join([encoded[i : i + 76] for i in range(0, len(encoded), 76)]) + b"\r\n"


def _b64_part(content_type, text):
    body = _b64_lines(text.encode("utf-8"))
    head = f'Content-Type: {content_type}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    return head.encode("ascii") + body


@functools.lru_cache(maxsize=1)
def _date_header_at(second):
    from email.utils import formatdate

    return f"Date: {formatdate(second, localtime=True)}\r\n"


def _date_header():
    """The Date header, formatted once per second rather than once per mail."""
    return _date_header_at(int(time.time()))


# Any boundary works as long as it cannot occur in a part, and "=_" never occurs in base64: a
# counter replaces one urandom call (uuid4) per mail; the random prefix only makes it look usual.
_BOUNDARY_PREFIX = f"=_humas_{secrets.token_hex(8)}_"
_boundary_numbers = itertools.count()


def _boundary():
    return f"{_BOUNDARY_PREFIX}{next(_boundary_numbers)}"


def message_bytes(mail, *, to_email, journalist, message_id, from_email):
    """The wire form of a mail without attachments, built directly (text + HTML as base64 parts
    of multipart/alternative). Same headers as build_message; much cheaper than email.message.
    Mails with attachments go through build_message. A header value with a line break raises
    MailHeaderRefused (never written, never sent)."""
    _mail_headers_check(mail, to_email=to_email, from_email=from_email, message_id=message_id)
    if mail.attachments:
        return (
            build_message(
                mail, to_email=to_email, journalist=journalist, message_id=message_id, from_email=from_email
            )
            .message()
            .as_bytes(linesep="\r\n")
        )
    lines = [
        _address_header("From", from_email),
        _header("To", to_email),
        _header("Subject", mail.subject),
        _date_header(),
        f"Message-ID: {header_value_check('Message-ID', message_id)}\r\n",
        "MIME-Version: 1.0\r\n",
    ]
    reply_to = [addr for addr in (mail.reply_to or []) if addr]
    if reply_to:
        lines.append(_header("Reply-To", ", ".join(reply_to)))
    headers = dict(mail.headers or {})
    if journalist is not None and journalist.pk:
        headers["List-Unsubscribe"] = f"<{_unsubscribe_url(journalist)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers.setdefault("Auto-Submitted", "auto-generated")
    for key, value in headers.items():
        lines.append(_header(key, value))
    text_part = _b64_part("text/plain", mail.text)
    if not mail.html:
        lines.append('Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n')
        return "".join(lines).encode("utf-8") + text_part.split(b"\r\n\r\n", 1)[1]
    boundary = _boundary()
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n')
    sep = f"--{boundary}\r\n".encode("ascii")
    return b"".join(
        [
            "".join(lines).encode("utf-8"),
            sep,
            text_part,
            b"\r\n",
            sep,
            _b64_part("text/html", mail.html),
            b"\r\n",
            f"--{boundary}--\r\n".encode("ascii"),
        ]
    )
