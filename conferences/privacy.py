"""Personal data in conferences (kernel.privacy): invitations and RSVPs point at the journalist;
attendance keeps the name, outlet, e-mail and phone typed at the door (walk-ins too). An erasure
keeps every row (head counts stay right) and blanks what names the person."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.privacy import SubjectSection, erasure_handler_register, subject_section_register


def _erase(*, journalist_id, email, names, phones, actor):
    from .models import Attendance, Invitation

    match = Q(journalist_id=journalist_id) | Q(email__iexact=email)
    for phone in phones:
        match |= Q(phone=phone)
    # A walk-in typed at the door without an address, under the person's exact name: the
    # request comes from that person, and keeping the name would keep them in the list.
    for name in names:
        match |= Q(journalist__isnull=True, name__iexact=name)
    attendances = 0
    for attendance in Attendance.objects.select_for_update().filter(match).only("pk"):
        Attendance.objects.filter(pk=attendance.pk).update(name="[dihapus]", outlet="", email="", phone="")
        attendances += 1
    # An invitation row holds no text of its own (conference, journalist id, answer, dates):
    # it stays, pointing at the erased row, so RSVP counts survive.
    invitations = Invitation.objects.filter(journalist_id=journalist_id).count()
    return {"attendances": attendances, "invitations_kept": invitations}


def _sections(*, journalist_id, email):
    from .models import Attendance, Invitation

    invitations = [
        [
            i.conference.title,
            i.conference.starts_at,
            i.invited_at,
            i.get_answer_display() or "—",
            i.answered_at,
        ]
        for i in Invitation.objects.filter(journalist_id=journalist_id)
        .select_related("conference")
        .order_by("conference__starts_at")
    ]
    attendances = [
        [a.conference.title, a.checked_in_at, a.name, a.outlet, a.email, a.phone]
        for a in Attendance.objects.filter(Q(journalist_id=journalist_id) | Q(email__iexact=email))
        .select_related("conference")
        .order_by("checked_in_at")
    ]
    return [
        SubjectSection(
            title=_("Undangan konferensi pers dan jawaban Anda"),
            purpose=_("Untuk mengundang Anda dan menyiapkan tempat sesuai jawaban (RSVP)."),
            columns=[
                _("Konferensi pers"),
                _("Waktu acara"),
                _("Diundang pada"),
                _("Jawaban"),
                _("Dijawab pada"),
            ],
            rows=invitations,
            order=30,
        ),
        SubjectSection(
            title=_("Kehadiran di konferensi pers"),
            purpose=_("Daftar hadir acara, termasuk data yang dicatat di meja registrasi."),
            columns=[
                _("Konferensi pers"),
                _("Waktu hadir"),
                _("Nama"),
                _("Media"),
                _("E-mail"),
                _("Telepon"),
            ],
            rows=attendances,
            order=31,
        ),
    ]


erasure_handler_register("conferences", _erase, tables=("conferences_attendance",))
subject_section_register("conferences", _sections)
