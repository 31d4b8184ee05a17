"""The mail a journalist gets when a statement is sent to a contact list (distribution builder)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from contacts.tokens import unsubscribe_url
from distribution.registry import OutgoingMail, register_builder, register_source_check
from kernel.selectors import organisation_profile_get
from kernel.text import html_to_text

from .models import Statement


def statement_subject(statement):
    return _("Pernyataan Resmi: %(title)s") % {"title": statement.title}


@register_source_check("crises.statement")
def statement_sendable(statement):
    # Second pair of eyes: nothing leaves before approval. (A ValidationError: the distribution
    # pipeline's contract for source checks.)
    if statement.status not in (Statement.Status.APPROVED, Statement.Status.PUBLISHED):
        raise ValidationError(_("Hanya pernyataan yang sudah disetujui yang dapat dikirim."))


@register_builder("crises.statement", kind="default")
def statement_mail(source, journalist, delivery):
    org = organisation_profile_get()
    context = {
        "statement": source,
        "journalist": journalist,
        "org": org,
        "public_url": settings.HUMAS_SITE_URL + source.get_absolute_url() if source.is_public else "",
        "unsubscribe_url": unsubscribe_url(journalist),
        "body_text": html_to_text(source.body),
    }
    return OutgoingMail(
        subject=statement_subject(source),
        text=render_to_string("crises/mail/statement.txt", context),
        html=render_to_string("crises/mail/statement.html", context),
        reply_to=[org.email] if org.email else [],
    )
