"""Seed many published releases quickly (benchmarks): `manage.py seed_releases --count 100000`.

Rows are written with bulk_create and the search vectors by one UPDATE, so 100,000 releases take
about a minute. Texts are random Indonesian sentences from a small vocabulary with a skewed word
frequency, so some words are in most releases and others in a few (like real news text)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from releases.models import Category, Release
from releases.services import search_vector_expression

WORDS = [
    "pemerintah",
    "kota",
    "warga",
    "program",
    "layanan",
    "kesehatan",
    "pendidikan",
    "jalan",
    "banjir",
    "anggaran",
    "daerah",
    "wali",
    "kecamatan",
    "kelurahan",
    "sekolah",
    "rumah",
    "sakit",
    "puskesmas",
    "posko",
    "bantuan",
    "sosial",
    "pasar",
    "pangan",
    "harga",
    "beras",
    "minyak",
    "gas",
    "listrik",
    "air",
    "bersih",
    "sampah",
    "lingkungan",
    "taman",
    "hutan",
    "sungai",
    "jembatan",
    "terminal",
    "bus",
    "kereta",
    "bandara",
    "pelabuhan",
    "nelayan",
    "petani",
    "pedagang",
    "koperasi",
    "usaha",
    "mikro",
    "kecil",
    "menengah",
    "investasi",
    "pajak",
    "retribusi",
    "perizinan",
    "digital",
    "aplikasi",
    "data",
    "informasi",
    "publik",
    "keterbukaan",
    "pengaduan",
    "pelayanan",
    "vaksinasi",
    "imunisasi",
    "stunting",
    "gizi",
    "ibu",
    "anak",
    "remaja",
    "lansia",
    "disabilitas",
    "perempuan",
    "pemuda",
    "olahraga",
    "stadion",
    "festival",
    "budaya",
    "pariwisata",
    "museum",
    "perpustakaan",
    "literasi",
    "beasiswa",
    "guru",
    "murid",
    "kurikulum",
    "ujian",
    "wisuda",
    "pelatihan",
    "kerja",
    "lowongan",
    "pengangguran",
    "industri",
    "pabrik",
    "ekspor",
    "impor",
    "inflasi",
    "ekonomi",
    "pertumbuhan",
    "kemiskinan",
    "perumahan",
    "rusun",
    "sanitasi",
    "drainase",
    "gorong",
    "normalisasi",
    "tanggul",
    "pompa",
    "evakuasi",
    "pengungsi",
    "logistik",
    "relawan",
    "bencana",
    "gempa",
    "longsor",
    "kebakaran",
    "pemadam",
    "ambulans",
    "darurat",
    "keamanan",
    "ketertiban",
    "satpol",
    "polisi",
    "lalu",
    "lintas",
    "parkir",
    "trotoar",
    "sepeda",
    "pejalan",
    "transportasi",
    "angkot",
    "dinas",
    "badan",
    "kantor",
    "rapat",
    "koordinasi",
    "peresmian",
    "kunjungan",
    "kerja",
    "penandatanganan",
    "nota",
    "kesepahaman",
    "kerja",
    "sama",
    "provinsi",
    "kementerian",
    "nasional",
    "internasional",
    "hibah",
    "dana",
    "alokasi",
    "realisasi",
    "serapan",
    "audit",
    "laporan",
    "transparansi",
    "akuntabilitas",
    "reformasi",
    "birokrasi",
    "aparatur",
    "pegawai",
    "rekrutmen",
    "inovasi",
    "penghargaan",
    "prestasi",
    "juara",
    "lomba",
    "kompetisi",
    "masjid",
    "gereja",
    "pura",
    "vihara",
    "toleransi",
    "kerukunan",
    "musyawarah",
    "perencanaan",
    "pembangunan",
    "rencana",
    "strategis",
    "target",
    "capaian",
    "evaluasi",
    "monitoring",
    "pengawasan",
    "inspeksi",
    "sidak",
    "penertiban",
    "pembongkaran",
    "relokasi",
    "ganti",
    "rugi",
    "lahan",
    "sertifikat",
    "tanah",
    "batas",
    "wilayah",
    "sengketa",
    "mediasi",
    "hukum",
    "peraturan",
    "perda",
    "perwali",
    "sosialisasi",
]
PLACES = [
    "Nusantara",
    "Sukamaju",
    "Harapan",
    "Jaya",
    "Merdeka",
    "Cempaka",
    "Melati",
    "Kenanga",
    "Pelita",
    "Sentosa",
    "Makmur",
    "Damai",
]


def _zipf_words(rng, n):
    # Index drawn with a skew: low indexes (common words) much more often than high ones.
    size = len(WORDS)
    return [
        WORDS[min(int(rng.paretovariate(0.7)) - 1, size - 1) if rng.random() < 0.5 else rng.randrange(size)]
        for _ in range(n)
    ]


def _sentence(rng, n):
    words = _zipf_words(rng, n)
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


class Command(BaseCommand):
    help = "Seed N published releases for benchmarks (bulk, fast)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, count, seed, **options):
        rng = random.Random(seed)
        author, _created = get_user_model().objects.get_or_create(
            username="bench-seed", defaults={"first_name": "Bench", "is_active": False}
        )
        cats = []
        for name in ("Kesehatan", "Infrastruktur", "Pendidikan", "Kebencanaan", "Ekonomi", "Pemerintahan"):
            cat, _c = Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            cats.append(cat)
        now = timezone.now()
        start_seq = {}
        batch = []
        created = 0
        base_pk = (Release.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for i in range(count):
            published = now - timedelta(minutes=37 * (count - i)) - timedelta(minutes=1)
            year = timezone.localtime(published).year
            if year not in start_seq:
                start_seq[year] = (
                    Release.objects.filter(number_year=year)
                    .order_by("-number_seq")
                    .values_list("number_seq", flat=True)
                    .first()
                    or 0
                )
            start_seq[year] += 1
            seq = start_seq[year]
            title = _sentence(rng, rng.randint(6, 11)).rstrip(".")
            summary = _sentence(rng, rng.randint(18, 30))
            paragraphs = [_sentence(rng, rng.randint(40, 70)) for _p in range(rng.randint(3, 5))]
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            batch.append(
                Release(
                    number=f"{seq:05d}/HUMAS/{year}",
                    number_year=year,
                    number_seq=seq,
                    title=title[:250],
                    slug=f"{slugify(title)[:200]}-{base_pk + i}",
                    summary=summary,
                    body=body,
                    body_text="\n".join(paragraphs),
                    category=rng.choice(cats),
                    status=Release.Status.PUBLISHED,
                    published_at=published,
                    publish_at=published,
                    author=author,
                )
            )
            if len(batch) >= 2000:
                created += self._flush(batch)
                batch = []
        if batch:
            created += self._flush(batch)
        with connection.cursor() as cursor:
            # Bulk-loaded rows: set the visibility map so counts are index-only scans.
            cursor.execute("VACUUM ANALYZE releases_release")
        self.stdout.write(f"seeded {created} published releases")

    def _flush(self, batch):
        with transaction.atomic():
            objs = Release.objects.bulk_create(batch)
            Release.objects.filter(pk__in=[o.pk for o in objs]).update(
                search_vector=search_vector_expression()
            )
        return len(objs)
