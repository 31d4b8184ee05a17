"""Realistic public content made through the real services (shared by unit and browser tests)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publicinfo.demo import minimal_pdf


def publish_release(*, staf, sekretaris, title, summary=None, category=None):
    from releases import services
    from releases.models import Category

    # A release is submitted with a category (the submit checklist).
    category = category or Category.objects.get_or_create(slug="umum", defaults={"name": "Umum"})[0]

    release = services.release_create(
        actor=staf,
        data={
            "title": title,
            "summary": summary or "Pemerintah kota menyampaikan informasi resmi kepada masyarakat.",
            "body": "<p>Kegiatan ini melibatkan seluruh perangkat daerah dan terbuka untuk umum.</p>",
            "category": category,
        },
        quotes=[{"speaker": "Ir. Hendra Wijaya", "role": "Wali Kota", "text": "Kami bekerja untuk warga."}],
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
        tags=["layanan"],
    )
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    return services.release_publish(release=release, actor=sekretaris)


def publish_statement(
    *, staf, sekretaris, title="Pernyataan Resmi: Banjir di Kecamatan Sukamaju", severity=2
):
    from crises import services

    incident = services.incident_open(actor=staf, title=f"Insiden: {title}", severity=severity, owner=staf)
    statement = services.statement_draft(
        actor=staf,
        incident=incident,
        title=title,
        body="<p>Pemerintah kota membuka tiga posko pengungsian. Warga dapat menghubungi 112.</p>",
    )
    statement = services.statement_approve(actor=sekretaris, statement=statement)
    return services.statement_release(actor=sekretaris, statement=statement, publish=True)


def make_conference(*, staf, title="Konferensi Pers Festival Budaya Nusantara", starts_in=timedelta(days=3)):
    from conferences import services

    starts_at = timezone.now().replace(second=0, microsecond=0) + starts_in
    return services.conference_create(
        actor=staf,
        data={
            "title": title,
            "description": "Pemaparan rangkaian acara festival dan pengaturan lalu lintas.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": "Ruang Rapat Utama Balai Kota",
            "venue_address": "Jl. Merdeka No. 1, Nusantara",
            "map_url": "",
            "online_url": "",
            "is_public": True,
            "reminder_hours": 24,
        },
        speakers=[("Ir. Hendra Wijaya", "Wali Kota")],
    )


def pdf_upload(name="laporan.pdf", text="Laporan"):
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def make_document(
    *, actor, title="Laporan Keuangan Tahun 2025", category="berkala", publish=True, day=None, upload=None
):
    from publicinfo import services

    return services.document_create(
        actor=actor,
        data={
            "title": title,
            "category": category,
            "date": day or date(2026, 3, 31),
            "description": "Laporan realisasi anggaran dan neraca Bagian Hubungan Masyarakat.",
        },
        upload=upload or pdf_upload(),
        publish=publish,
    )
