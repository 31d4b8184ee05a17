"""Personal data in crises (kernel.privacy): a media inquiry names the journalist (linked, or
typed in free text with the outlet) and its question or answer may quote their address or phone.
An erasure keeps the inquiry (the office's answer and its deadline are its own record) and
removes what names the person."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.privacy import SubjectSection, erasure_handler_register, subject_section_register, text_scrub


def _match(journalist_id, email, names):
    match = Q(journalist_id=journalist_id) | Q(journalist_name__icontains=email)
    for name in names:
        match |= Q(journalist_name__iexact=name)
    return match


def _erase(*, journalist_id, email, names, phones, actor):
    from .models import MediaInquiry

    needles = [email, *names, *phones]
    text_match = Q()
    for needle in needles:
        if needle:
            text_match |= (
                Q(question__icontains=needle)
                | Q(answer__icontains=needle)
                | Q(journalist_name__icontains=needle)
                | Q(outlet_name__icontains=needle)
            )
    count = 0
    for inquiry in MediaInquiry.objects.select_for_update().filter(
        _match(journalist_id, email, names) | text_match
    ):
        named = inquiry.journalist_id == journalist_id or text_scrub(inquiry.journalist_name, needles) != (
            inquiry.journalist_name
        )
        MediaInquiry.objects.filter(pk=inquiry.pk).update(
            # The check constraint wants a linked journalist or a name: the placeholder is the name.
            journalist_name="[dihapus]" if named else inquiry.journalist_name,
            outlet_name="" if named else inquiry.outlet_name,
            question=text_scrub(inquiry.question, needles),
            answer=text_scrub(inquiry.answer, needles),
        )
        count += 1
    return {"media_inquiries": count}


def _sections(*, journalist_id, email):
    from .models import MediaInquiry

    rows = [
        [q.received_at, q.get_channel_display(), q.question, q.get_status_display(), q.answered_at]
        for q in MediaInquiry.objects.filter(journalist_id=journalist_id).order_by("received_at")
    ]
    return [
        SubjectSection(
            title=_("Pertanyaan Anda kepada kami"),
            purpose=_("Pertanyaan media yang Anda ajukan, dicatat agar dijawab tepat waktu."),
            columns=[_("Diterima pada"), _("Saluran"), _("Pertanyaan"), _("Status"), _("Dijawab pada")],
            rows=rows,
            order=40,
        )
    ]


erasure_handler_register("crises", _erase, tables=("crises_mediainquiry",))
subject_section_register("crises", _sections)
