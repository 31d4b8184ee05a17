"""Signed links of contacts (kernel.links). The unsubscribe link keeps the salt and the payload
key of the tokens mailed before kernel.links existed ({"j": id}), so every old mail's link still
works; it never expires. An erased person's link shows the calm page (it names nobody)."""

from kernel.links import link_purpose_register

UNSUBSCRIBE = "contacts.unsubscribe"


def _journalist_not_erased(pk):
    from .models import Journalist

    return Journalist.objects.filter(pk=pk, erased_at__isnull=True).first()


link_purpose_register(
    UNSUBSCRIBE,
    salt="contacts.unsubscribe.v1",
    url_name="contacts:unsubscribe",
    legacy_key="j",
    resolve=_journalist_not_erased,
)

RESUBSCRIBE = "contacts.resubscribe"


def _journalist_opted_out(pk):
    from .models import Journalist

    return Journalist.objects.filter(pk=pk, erased_at__isnull=True).first()


# The journalist's own way back after an unsubscribe: staff send it, only the journalist can use
# it. A week is enough to read a mail; the payload's "o" binds it to one unsubscribe.
link_purpose_register(
    RESUBSCRIBE,
    salt="contacts.resubscribe.v1",
    url_name="contacts:resubscribe",
    max_age=7 * 24 * 3600,
    resolve=_journalist_opted_out,
)
