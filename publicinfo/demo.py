"""Indonesian demo data for public information: KIP documents in each category (small generated
PDF and CSV files) and the spokespersons shown on the media contact page."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from kernel.roles import KEPALA, PPID

from . import services
from .models import Category, PublicDocument, Spokesperson


def minimal_pdf(text="Dokumen"):
    """A valid one-page PDF (no library needed), for demo and tests."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DOCUMENTS = [
    (
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2025",
        Category.BERKALA,
        date(2026, 3, 31),
        "Capaian kinerja tahun 2025 dibandingkan target Rencana Strategis, termasuk realisasi anggaran.",
        "pdf",
    ),
    (
        "Ringkasan Daftar Pelaksanaan Anggaran (DPA) 2026",
        Category.BERKALA,
        date(2026, 1, 15),
        "Ringkasan anggaran belanja Bagian Hubungan Masyarakat tahun 2026 per program dan kegiatan.",
        "csv",
    ),
    (
        "Peraturan Wali Kota tentang Standar Layanan Informasi Publik",
        Category.SETIAP_SAAT,
        date(2025, 8, 12),
        "Standar layanan informasi publik: tata cara permohonan, jangka waktu, biaya dan keberatan.",
        "pdf",
    ),
    (
        "Peringatan Dini Cuaca Ekstrem dan Potensi Banjir",
        Category.SERTA_MERTA,
        date(2026, 11, 2),
        "Informasi serta-merta dari BPBD: wilayah rawan banjir, jalur evakuasi dan nomor darurat 112.",
        "pdf",
    ),
]

SPOKESPERSONS = [
    (
        "Drs. Bambang Sutrisno, M.Si.",
        "Kepala Bagian Hubungan Masyarakat",
        "Kebijakan umum pemerintah kota",
        "+62 21 555 0100",
        "humas@nusantarakota.go.id",
    ),
    (
        "Rina Wulandari, S.Sos.",
        "Sekretaris Pers",
        "Jadwal kegiatan wali kota, akreditasi media",
        "+62 812 3456 7001",
        "pers@nusantarakota.go.id",
    ),
    (
        "Siti Rahmawati, S.H.",
        "Pejabat Pengelola Informasi dan Dokumentasi (PPID)",
        "Permohonan informasi publik",
        "+62 21 555 0155",
        "ppid@nusantarakota.go.id",
    ),
]


def seed(*, org, users, stdout):
    actor = users.get(PPID) or users[KEPALA]
    if not PublicDocument.objects.exists():
        for title, category, day, description, kind in DOCUMENTS:
            if kind == "pdf":
                upload = SimpleUploadedFile(
                    "dokumen.pdf", minimal_pdf(title[:60]), content_type="application/pdf"
                )
            else:
                rows = "program,kegiatan,pagu\nKomunikasi publik,Siaran pers dan konferensi pers,450000000\nPPID,Layanan informasi publik,120000000\n"
                upload = SimpleUploadedFile("dokumen.csv", rows.encode(), content_type="text/csv")
            services.document_create(
                actor=actor,
                data={"title": title, "category": category, "date": day, "description": description},
                upload=upload,
                publish=True,
            )
    if not Spokesperson.objects.exists():
        for order, (name, position, topics, phone, email) in enumerate(SPOKESPERSONS):
            services.spokesperson_save(
                actor=users[KEPALA],
                data={
                    "name": name,
                    "position": position,
                    "topics": topics,
                    "phone": phone,
                    "email": email,
                    "order": order,
                    "is_active": True,
                },
            )
    if stdout:
        stdout.write("publicinfo: dokumen KIP dan juru bicara")
