"""The mail a journalist gets when a statement is sent to a contact list (distribution builder)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from contacts.tokens import unsubscribe_url
from distribution.registry import OutgoingMail, register_builder
from humas.selectors import organisation_profile_get


@register_builder("crises.statement", kind="default")
def statement_mail(source, journalist, delivery):
    org = organisation_profile_get()
    context = {
        "statement": source,
        "journalist": journalist,
        "org": org,
        "public_url": settings.HUMAS_SITE_URL + source.get_absolute_url() if source.is_public else "",
        "unsubscribe_url": unsubscribe_url(journalist),
        "body_text": strip_tags(source.body.replace("</p>", "</p>\n\n").replace("<br>", "\n")).strip(),
    }
    return OutgoingMail(
        subject=_("Pernyataan Resmi: %(title)s") % {"title": source.title},
        text=render_to_string("crises/mail/statement.txt", context),
        html=render_to_string("crises/mail/statement.html", context),
        reply_to=[org.email] if org.email else [],
    )
