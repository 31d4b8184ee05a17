"""Demo conferences: one coming up with invitations and answers, one held with attendance, one
cancelled. Invitation rows are written directly (no mail leaves while seeding)."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import SEKRETARIS, STAF


def _journalists():
    from contacts.models import Journalist, MediaOutlet

    people = list(Journalist.objects.filter(do_not_contact=False, erased_at__isnull=True).order_by("pk")[:8])
    if len(people) >= 4:
        return people
    outlet, _ = MediaOutlet.objects.get_or_create(
        name="Harian Nusantara Pos", defaults={"outlet_type": "print"}
    )
    radio, _ = MediaOutlet.objects.get_or_create(name="Radio Suara Kota", defaults={"outlet_type": "radio"})
    for name, email, media in [
        ("Budi Santoso", "budi.santoso@nusantarapos.example.id", outlet),
        ("Citra Lestari", "citra@suarakota.example.id", radio),
        ("Dimas Anggara", "dimas@nusantarapos.example.id", outlet),
        ("Eka Putri Maharani", "eka@suarakota.example.id", radio),
    ]:
        person, _ = Journalist.objects.get_or_create(email=email, defaults={"name": name, "outlet": media})
        people.append(person)
    return people


def seed(*, org, users, stdout=None):
    from . import services
    from .models import Attendance, Conference, Invitation

    if Conference.objects.exists():
        return
    staf = users[STAF]
    sekretaris = users[SEKRETARIS]
    people = _journalists()
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    upcoming_start = (today + timedelta(days=3)).replace(hour=10)
    upcoming = services.conference_create(
        actor=staf,
        data={
            "title": "Konferensi Pers Pembukaan Festival Budaya Nusantara 2026",
            "description": "Wali Kota memaparkan rangkaian acara festival, pengaturan lalu lintas dan "
            "kantong parkir selama sepekan penyelenggaraan.",
            "starts_at": upcoming_start,
            "ends_at": upcoming_start + timedelta(hours=1, minutes=30),
            "venue_name": "Media Center Balai Kota",
            "venue_address": "Jl. Merdeka No. 1, Nusantara 10110",
            "map_url": "https://www.openstreetmap.org/search?query=Balai%20Kota",
            "online_url": "",
            "is_public": True,
            "reminder_hours": 24,
        },
        speakers=[
            ("Drs. H. Ahmad Fauzi, M.Si.", "Wali Kota Nusantara"),
            ("Ir. Sri Handayani", "Kepala Dinas Pariwisata"),
        ],
    )
    now = timezone.now()
    for person, answer in zip(people, ["yes", "yes", "maybe", "no", "", "yes", "", "maybe"], strict=False):
        Invitation.objects.create(
            conference=upcoming, journalist=person, answer=answer, answered_at=now if answer else None
        )
    Conference.objects.filter(pk=upcoming.pk).update(invitations_sent_at=now)

    held_start = (today - timedelta(days=7)).replace(hour=13)
    held = services.conference_create(
        actor=staf,
        data={
            "title": "Konferensi Pers Penanganan Banjir Kali Ciliwung",
            "description": "Perkembangan penanganan banjir, jumlah pengungsi dan bantuan logistik.",
            "starts_at": held_start,
            "ends_at": held_start + timedelta(hours=1),
            "venue_name": "Posko Tanggap Darurat Kecamatan Kampung Melayu",
            "venue_address": "Jl. Jatinegara Barat No. 12",
            "map_url": "",
            "online_url": "https://meet.example.go.id/banjir-ciliwung",
            "is_public": True,
            "reminder_hours": 0,
        },
        speakers=[("Kepala BPBD Kota Nusantara", "")],
    )
    for i, person in enumerate(people[:5]):
        Invitation.objects.create(conference=held, journalist=person, answer="yes", answered_at=now)
        if i < 3:
            Attendance.objects.create(
                conference=held,
                journalist=person,
                name=person.name,
                outlet=person.outlet.name if person.outlet_id else "",
                email=person.email,
                checked_in_at=held_start - timedelta(minutes=10 - i),
                checked_in_by=staf,
            )
    Attendance.objects.create(
        conference=held,
        is_walk_in=True,
        name="Rudi Hartono",
        outlet="Kabar Kampung TV",
        checked_in_at=held_start,
        checked_in_by=staf,
    )
    Conference.objects.filter(pk=held.pk).update(
        status=Conference.Status.HELD, invitations_sent_at=held_start
    )

    cancelled_start = (today + timedelta(days=10)).replace(hour=9)
    cancelled = services.conference_create(
        actor=staf,
        data={
            "title": "Konferensi Pers Peluncuran Aplikasi Layanan Warga",
            "description": "Peluncuran aplikasi pengaduan dan layanan kependudukan terpadu.",
            "starts_at": cancelled_start,
            "ends_at": cancelled_start + timedelta(hours=1),
            "venue_name": "Aula Dinas Komunikasi dan Informatika",
            "venue_address": "Jl. Pahlawan No. 5",
            "map_url": "",
            "online_url": "",
            "is_public": True,
            "reminder_hours": 24,
        },
    )
    services.conference_cancel(
        actor=sekretaris, conference=cancelled, reason="Diundur menunggu uji keamanan aplikasi selesai."
    )
    if stdout:
        stdout.write("  konferensi pers: 3 contoh (mendatang, terlaksana, dibatalkan)\n")
