"""Indonesian demo data for crises: three approved holding-statement templates (banjir, gangguan
layanan, kebocoran data), one open incident with its timeline, one media inquiry."""

from datetime import timedelta

from django.utils import timezone

from kernel.roles import KEPALA, SEKRETARIS, STAF

from .models import Incident, Scenario, StatementTemplate, TimelineEntry

TEMPLATES = [
    (
        "Pernyataan siaga banjir",
        Scenario.NATURAL_DISASTER,
        "<p>Pemerintah Kota Nusantara menyampaikan keprihatinan atas banjir yang melanda "
        "[WILAYAH TERDAMPAK] sejak [WAKTU KEJADIAN]. Keselamatan warga adalah prioritas utama kami.</p>"
        "<p>Saat ini Badan Penanggulangan Bencana Daerah (BPBD) bersama TNI, Polri dan relawan telah "
        "membuka [JUMLAH] titik pengungsian di [LOKASI POSKO]. Warga yang membutuhkan evakuasi dapat "
        "menghubungi Call Center 112.</p>"
        "<p>Kami akan menyampaikan perkembangan berikutnya paling lambat pukul [WAKTU PEMBARUAN] WIB "
        "melalui situs resmi dan akun media sosial Pemerintah Kota Nusantara.</p>",
    ),
    (
        "Pernyataan siaga gangguan layanan daring",
        Scenario.SERVICE_OUTAGE,
        "<p>Sejak [WAKTU MULAI] WIB, layanan [NAMA LAYANAN] mengalami gangguan sehingga belum dapat "
        "diakses oleh masyarakat. Kami memohon maaf atas ketidaknyamanan ini.</p>"
        "<p>Tim teknis Dinas Komunikasi dan Informatika sedang menangani gangguan tersebut. Selama "
        "gangguan berlangsung, pelayanan tetap dapat diperoleh secara tatap muka di [LOKASI LAYANAN] "
        "pada jam kerja.</p>"
        "<p>Pembaruan berikutnya akan kami sampaikan paling lambat pukul [WAKTU PEMBARUAN] WIB.</p>",
    ),
    (
        "Pernyataan siaga dugaan kebocoran data pribadi",
        Scenario.DATA_BREACH,
        "<p>Pada [TANGGAL DAN WAKTU] WIB, Pemerintah Kota Nusantara mengetahui adanya dugaan akses tidak sah "
        "terhadap [NAMA SISTEM] yang memuat data pribadi warga.</p>"
        "<p>Kami telah menutup akses tersebut, melibatkan tim tanggap insiden siber, dan melaporkan kejadian "
        "ini kepada instansi yang berwenang. Sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan "
        "Data Pribadi, pemberitahuan tertulis kepada warga yang terdampak akan disampaikan paling lambat "
        "3×24 jam sejak kebocoran diketahui.</p>"
        "<p>Warga dapat menghubungi [KANAL PENGADUAN] untuk pertanyaan terkait data pribadinya. Kami tidak "
        "pernah meminta kata sandi atau kode OTP melalui telepon atau pesan singkat.</p>",
    ),
]


def seed(*, org, users, stdout=None):
    staf = users[STAF]
    sekretaris = users[SEKRETARIS]
    kepala = users[KEPALA]
    now = timezone.now()
    for title, scenario, body in TEMPLATES:
        StatementTemplate.objects.get_or_create(
            title=title,
            defaults={
                "scenario": scenario,
                "body": body,
                "status": StatementTemplate.Status.APPROVED,
                "review_date": timezone.localdate() + timedelta(days=180),
                "created_by": staf,
                "edited_by": staf,
                "approved_by": sekretaris,
                "approved_at": now,
            },
        )
    if Incident.objects.exists():
        return
    opened = now - timedelta(hours=2)
    last_update = now - timedelta(minutes=50)
    incident = Incident.objects.create(
        title="Banjir di Kecamatan Sukamaju setelah hujan deras semalam",
        description=(
            "Hujan deras sejak pukul 02.00 WIB menyebabkan Sungai Ciliwung Kecil meluap. Genangan 50–120 cm "
            "di lima kelurahan; sekitar 1.200 warga mengungsi ke tiga posko."
        ),
        kind=Scenario.NATURAL_DISASTER,
        severity=2,
        owner=sekretaris,
        detected_at=opened - timedelta(minutes=30),
        opened_at=opened,
        last_public_update_at=last_update,
        # Severity 2 updates every 60 minutes: 10 minutes left in the demo.
        next_update_due_at=last_update + timedelta(minutes=60),
        created_by=staf,
    )
    incident.team.set([staf, kepala])
    entries = [
        (opened, TimelineEntry.Kind.EVENT, "Insiden dibuka dengan tingkat keparahan 2.", False, staf),
        (
            opened + timedelta(minutes=15),
            TimelineEntry.Kind.DECISION,
            "Kepala Humas menetapkan Sekretaris Pers sebagai juru bicara tunggal.",
            False,
            kepala,
        ),
        (
            opened + timedelta(minutes=40),
            TimelineEntry.Kind.INQUIRY,
            "Kompas TV menanyakan jumlah pengungsi dan lokasi posko.",
            False,
            staf,
        ),
        (
            last_update,
            TimelineEntry.Kind.UPDATE,
            "Pembaruan di situs dan media sosial: tiga posko pengungsian dibuka (SDN 3 Sukamaju, Masjid Al-Ikhlas, "
            "GOR Kecamatan); Call Center 112 siaga 24 jam.",
            True,
            staf,
        ),
    ]
    for occurred_at, kind, body, is_public, author in entries:
        TimelineEntry.objects.create(
            incident=incident,
            kind=kind,
            body=body,
            is_public=is_public,
            author=author,
            occurred_at=occurred_at,
        )
    from .models import MediaInquiry

    MediaInquiry.objects.create(
        incident=incident,
        journalist_name="Dewi Lestari",
        outlet_name="Kompas TV",
        channel=MediaInquiry.Channel.PHONE,
        question="Berapa jumlah pengungsi saat ini dan di mana saja posko pengungsian?",
        received_at=opened + timedelta(minutes=40),
        deadline=now + timedelta(minutes=45),
        assignee=staf,
        created_by=staf,
    )
    if stdout:
        stdout.write("Crises: 3 statement templates, 1 open incident.")
