"""Turning a builder's OutgoingMail into the bytes that go over SMTP. The pipeline, not the
builder, owns the envelope: From (organisation profile), Message-ID, List-Unsubscribe."""

from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from contacts.tokens import unsubscribe_url
from humas.selectors import organisation_profile_get


def site_host():
    return urlsplit(settings.HUMAS_SITE_URL).hostname or "localhost"


def delivery_message_id(delivery):
    """Deterministic per delivery: a resend after a crash carries the same Message-ID, so the
    receiving side (and our tests) can tell a duplicate from a second mail."""
    return f"<delivery-{delivery.pk}.{delivery.distribution_id}@{site_host()}>"


def sender_address():
    org = organisation_profile_get()
    if org.email:
        return formataddr((org.name, org.email))
    return settings.DEFAULT_FROM_EMAIL


def render_mail_parts(template_base, context, *, journalist):
    """Render `<template_base>.html` and `.txt` (both extending the shared mail layout in
    templates/mail/) with the organisation and the recipient's unsubscribe link in the context.
    For builders of every app."""
    ctx = {
        "org": organisation_profile_get(),
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
    message = EmailMultiAlternatives(
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


def html_to_text(html):
    """Plain text of sanitised rich text, for the text/plain part: block ends become blank lines,
    list items get a dash, links keep their address."""
    import html as html_lib
    import re

    from django.utils.html import strip_tags

    text = html or ""
    text = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", text, flags=re.I | re.S)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</(p|h[1-6]|li|blockquote|tr|table|ul|ol|div)>", "\n\n", text, flags=re.I)
    text = html_lib.unescape(strip_tags(text))
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
    return text.strip()
