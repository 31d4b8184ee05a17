"""Indonesian demo contacts: outlets, journalists (with lawful basis and consent), lists, segments."""

import datetime

from .models import (
    ContactList,
    ContactListMembership,
    Journalist,
    LawfulBasis,
    MediaOutlet,
    OutletType,
    Segment,
)

OUTLETS = [
    ("Harian Nusantara Pos", OutletType.PRINT, "Nusantara", "https://nusantarapos.example"),
    ("Warta Kota Nusantara", OutletType.ONLINE, "Nusantara", "https://wartakota.example"),
    ("Suara Rakyat Daily", OutletType.ONLINE, "Jakarta", "https://suararakyat.example"),
    ("TVN Nusantara", OutletType.TV, "Nusantara", "https://tvn.example"),
    ("Radio Suara Kota 98,7 FM", OutletType.RADIO, "Nusantara", ""),
    ("Kantor Berita Garuda", OutletType.AGENCY, "Jakarta", "https://garudanews.example"),
]
JOURNALISTS = [
    (
        "Budi Santoso",
        "budi.santoso@nusantarapos.example",
        "0812 3456 7801",
        0,
        "Politik dan Pemerintahan",
        "Nusantara",
    ),
    ("Siti Aminah", "siti.aminah@nusantarapos.example", "0813 2233 4455", 0, "Ekonomi", "Nusantara"),
    ("Andi Wijaya", "andi@wartakota.example", "0821 1000 2000", 1, "Politik dan Pemerintahan", "Nusantara"),
    ("Rina Kartika", "rina.kartika@wartakota.example", "0857 7000 8000", 1, "Kesehatan", "Nusantara"),
    ("Dimas Prasetyo", "dimas@suararakyat.example", "0878 1234 5678", 2, "Hukum dan Kriminal", "Jakarta"),
    ("Maya Sari", "maya.sari@tvn.example", "0811 9876 5432", 3, "Politik dan Pemerintahan", "Nusantara"),
    ("Yoga Pratama", "yoga@tvn.example", "0812 1111 2222", 3, "Olahraga", "Nusantara"),
    ("Lestari Handayani", "lestari@radiosuarakota.example", "0852 3333 4444", 4, "Pendidikan", "Nusantara"),
    ("Fajar Nugroho", "fajar.nugroho@garudanews.example", "0813 5555 6666", 5, "Ekonomi", "Jakarta"),
    (
        "Sarah Thompson",
        "sarah.thompson@garudanews.example",
        "+62 811 700 8009",
        5,
        "Politik dan Pemerintahan",
        "Jakarta",
    ),
]


def seed(*, org, users, stdout):
    from kernel.roles import STAF

    staf = users.get(STAF)
    outlets = []
    for name, kind, region, website in OUTLETS:
        outlet, _created = MediaOutlet.objects.get_or_create(
            name=name, defaults={"outlet_type": kind, "region": region, "website": website}
        )
        outlets.append(outlet)
    journalists = []
    for index, (name, email, phone, outlet_index, beat, region) in enumerate(JOURNALISTS):
        journalist, _created = Journalist.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "phone": phone,
                "outlet": outlets[outlet_index],
                "beat": beat,
                "region": region,
                "language": "en" if name == "Sarah Thompson" else "id",
                "lawful_basis": LawfulBasis.CONSENT if index % 3 else LawfulBasis.LEGITIMATE_INTEREST,
                "consent_source": "Formulir akreditasi media 2026"
                if index % 3
                else "Kartu pers saat konferensi",
                "consent_date": datetime.date(2026, 1, 5) + datetime.timedelta(days=index * 3),
            },
        )
        journalists.append(journalist)
    # One journalist asked not to be contacted any more.
    Journalist.objects.filter(email="yoga@tvn.example").update(
        do_not_contact=True, opted_out_at=datetime.datetime(2026, 3, 1, 2, 0, tzinfo=datetime.UTC)
    )
    balai_kota, _created = ContactList.objects.get_or_create(
        name="Wartawan Balai Kota",
        defaults={"description": "Wartawan yang rutin meliput kegiatan Wali Kota."},
    )
    for journalist in journalists[:7]:
        ContactListMembership.objects.get_or_create(
            contact_list=balai_kota, journalist=journalist, defaults={"added_by": staf}
        )
    Segment.objects.get_or_create(
        name="Desk politik",
        defaults={"beats": ["Politik dan Pemerintahan"], "regions": [], "outlet_types": []},
    )
    Segment.objects.get_or_create(
        name="Media elektronik", defaults={"outlet_types": [OutletType.TV, OutletType.RADIO]}
    )
    if stdout:
        stdout.write(f"  kontak: {len(outlets)} media, {len(journalists)} wartawan, 1 daftar, 2 segmen")
