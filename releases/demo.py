"""Indonesian demo releases: one published with quotes and contacts, one in review, one draft."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import KEPALA, SEKRETARIS, STAF

from .models import Category, Release

CATEGORIES = [
    ("Kesehatan", "kesehatan"),
    ("Infrastruktur", "infrastruktur"),
    ("Pendidikan", "pendidikan"),
    ("Kebencanaan", "kebencanaan"),
    ("Pemerintahan", "pemerintahan"),
]


def seed(*, org, users, stdout=None):
    from . import services

    cats = {}
    for name, slug in CATEGORIES:
        cats[slug], _created = Category.objects.get_or_create(slug=slug, defaults={"name": name})
    if Release.objects.exists():
        return
    staf, sekretaris, kepala = users[STAF], users[SEKRETARIS], users[KEPALA]
    contacts = [
        {
            "name": "Rina Wulandari, S.Sos.",
            "role": "Sekretaris Pers",
            "phone": "+62 812 5550 1010",
            "email": "humas@nusantara.go.id",
        }
    ]

    published = services.release_create(
        actor=staf,
        data={
            "title": "Pemkot Nusantara Buka 25 Posko Kesehatan Selama Musim Hujan",
            "summary": "Pemerintah Kota Nusantara membuka 25 posko kesehatan di kelurahan rawan banjir mulai Senin, dengan layanan 24 jam dan obat gratis bagi warga terdampak.",
            "body": "<p>Wali Kota Nusantara meresmikan 25 posko kesehatan di kelurahan yang rawan banjir. Setiap posko dijaga dokter, perawat, dan relawan PMI secara bergiliran selama 24 jam.</p>"
            "<h2>Layanan yang tersedia</h2><ul><li>Pemeriksaan kesehatan dan pengobatan gratis</li><li>Vaksinasi tetanus bagi petugas kebersihan</li><li>Distribusi air bersih dan tablet penjernih</li></ul>"
            "<p>Warga dapat menghubungi layanan darurat 112 untuk informasi posko terdekat.</p>",
            "category": cats["kesehatan"],
        },
        quotes=[
            {
                "speaker": "dr. Hendra Gunawan, M.Kes.",
                "role": "Kepala Dinas Kesehatan",
                "text": "Kami memastikan tidak ada warga yang kesulitan mendapat layanan kesehatan selama musim hujan.",
            }
        ],
        contacts=contacts,
        tags=["kesehatan", "banjir", "musim hujan"],
    )
    services.release_submit(release=published, actor=staf)
    services.release_approve(release=published, actor=sekretaris)
    services.release_publish(release=published, actor=sekretaris)

    in_review = services.release_create(
        actor=staf,
        data={
            "title": "Perbaikan 12 Kilometer Jalan Lingkar Selatan Dimulai Bulan Depan",
            "summary": "Dinas Pekerjaan Umum memulai perbaikan Jalan Lingkar Selatan sepanjang 12 kilometer dengan anggaran Rp48 miliar dari APBD 2026.",
            "body": "<p>Pekerjaan dilakukan bertahap pada malam hari untuk mengurangi kemacetan. Pengendara diimbau memakai jalur alternatif melalui Jalan Veteran.</p>",
            "category": cats["infrastruktur"],
            "embargo_until": timezone.now() + timedelta(days=2),
        },
        contacts=contacts,
        tags=["jalan", "APBD"],
    )
    services.release_submit(release=in_review, actor=staf)

    services.release_create(
        actor=kepala,
        data={
            "title": "Penerimaan Peserta Didik Baru Tahun Ajaran 2026/2027 Dibuka Daring",
            "summary": "Pendaftaran sekolah negeri tingkat SD dan SMP dibuka secara daring mulai 1 Juni.",
            "body": "<p>Orang tua dapat mendaftar melalui portal resmi Dinas Pendidikan. Bantuan pendaftaran tersedia di setiap kantor kelurahan.</p>",
            "category": cats["pendidikan"],
        },
        tags=["pendidikan", "PPDB"],
    )
    if stdout:
        stdout.write("  siaran pers: 3 contoh (terbit, menunggu persetujuan, draf)")
