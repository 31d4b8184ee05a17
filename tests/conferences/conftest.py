from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def org_profile(db):
    from kernel.models import OrganisationProfile

    profile, _created = OrganisationProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Pemerintah Kota Nusantara",
            "short_name": "Pemkot Nusantara",
            "unit_name": "Bagian Hubungan Masyarakat",
            "email": "humas@nusantara.example.go.id",
            "address": "Jl. Merdeka No. 1",
        },
    )
    return profile


@pytest.fixture
def press(db):
    """Five journalists (one opted out) on one list."""
    from contacts.models import ContactList, Journalist, MediaOutlet

    kompas = MediaOutlet.objects.create(name="Harian Nusantara Pos", outlet_type="print")
    radio = MediaOutlet.objects.create(name="Radio Suara Kota", outlet_type="radio")
    people = [
        Journalist.objects.create(name="Budi Santoso", email="budi@nusantarapos.example.id", outlet=kompas),
        Journalist.objects.create(name="Citra Lestari", email="citra@suarakota.example.id", outlet=radio),
        Journalist.objects.create(name="Dimas Anggara", email="dimas@nusantarapos.example.id", outlet=kompas),
        Journalist.objects.create(name="Eka Putri", email="eka@suarakota.example.id", outlet=radio),
        Journalist.objects.create(
            name="Fajar Opt-out", email="fajar@example.id", do_not_contact=True, opted_out_at=timezone.now()
        ),
    ]
    press_list = ContactList.objects.create(name="Wartawan Balai Kota")
    press_list.members.add(*people)
    return {"people": people, "list": press_list, "outlets": [kompas, radio]}


@pytest.fixture
def make_conference(db, staf):
    from conferences import services

    def _make(*, starts_in=timedelta(days=3), hours=2, actor=None, **extra):
        starts_at = timezone.now().replace(second=0, microsecond=0) + starts_in
        data = {
            "title": "Konferensi Pers Pembukaan Festival Budaya Nusantara",
            "description": "Pemaparan rangkaian acara festival dan pengaturan lalu lintas.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "venue_name": "Ruang Rapat Utama Balai Kota",
            "venue_address": "Jl. Merdeka No. 1, Nusantara",
            "map_url": "https://maps.example.id/balai-kota",
            "online_url": "",
            "is_public": True,
            "reminder_hours": 24,
        }
        data.update(extra)
        return services.conference_create(
            actor=actor or staf,
            data=data,
            speakers=[("Ir. Hendra Wijaya", "Wali Kota"), ("Dewi Lestari", "")],
        )

    return _make


@pytest.fixture
def invited(press, make_conference):
    """A conference with every contactable journalist invited (rows written directly: the
    sending path has its own tests)."""
    from conferences.models import Invitation

    conference = make_conference()
    invitations = [
        Invitation.objects.create(conference=conference, journalist=j) for j in press["people"][:4]
    ]
    return conference, invitations
