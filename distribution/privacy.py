"""Personal data in distribution (kernel.privacy): each Delivery row keeps the address it was
sent to. An erasure keeps the row (the counts of every distribution must not change) and
replaces the address; the report page and its CSV read the rows, so they follow."""

from django.utils.translation import gettext_lazy as _

from kernel.privacy import SubjectSection, erasure_handler_register, subject_section_register, text_scrub


def _erase(*, journalist_id, email, names, phones, actor):
    from .models import Delivery

    needles = [email, *names, *phones]
    rows = Delivery.objects.filter(journalist_id=journalist_id) | Delivery.objects.filter(email__iexact=email)
    count = 0
    for delivery in rows.select_for_update().only("pk", "journalist_id", "smtp_reply"):
        Delivery.objects.filter(pk=delivery.pk).update(
            email=f"dihapus-{journalist_id}@invalid.example",
            # An SMTP reply quotes the recipient ("550 <rina@...> unknown user").
            smtp_reply=text_scrub(delivery.smtp_reply, needles),
        )
        count += 1
    return {"deliveries": count}


def _sections(*, journalist_id, email):
    from .models import Delivery

    rows = []
    for delivery in (
        Delivery.objects.filter(journalist_id=journalist_id)
        .select_related("distribution")
        .order_by("distribution__created_at", "pk")
    ):
        rows.append(
            [
                delivery.distribution.subject or str(delivery.distribution),
                delivery.email,
                delivery.get_status_display(),
                delivery.sent_at,
            ]
        )
    return [
        SubjectSection(
            title=_("Kiriman yang kami kirim kepada Anda"),
            purpose=_(
                "Siaran pers, undangan dan pernyataan yang dikirim ke alamat Anda, dengan tanggalnya. "
                "Dicatat agar setiap kiriman dapat dipertanggungjawabkan dan tidak terkirim dua kali."
            ),
            columns=[_("Subjek"), _("Alamat"), _("Status"), _("Terkirim pada")],
            rows=rows,
            order=20,
        )
    ]


erasure_handler_register("distribution", _erase, tables=("distribution_delivery",))
subject_section_register("distribution", _sections)
