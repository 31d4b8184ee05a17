"""A newsroom with one of every public page type, made through the real services: a release with
a hero photo, three photos, a wide table and a correction; an official statement; a conference
with speakers; a public document; a spokesperson. Shared by the unit and the browser tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.publicinfo.factories import make_conference, make_document, publish_statement

WIDE_TABLE = (
    "<table><thead><tr>"
    + "".join(f"<th>Kecamatan dengan nama panjang {i}</th>" for i in range(12))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>{i * 1250} jiwa terdampak</td>" for i in range(12))
    + "</tr></tbody></table>"
)


def jpeg(name, size=(1200, 800), color=(30, 90, 160)):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=70)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def make_newsroom(*, staf, sekretaris, ppid, kepala=None):
    from publicinfo import services as publicinfo_services
    from releases import services
    from releases.models import Category

    release = services.release_create(
        actor=staf,
        data={
            "title": "Banjir Sukamaju: tiga posko kesehatan dibuka",
            "summary": "Pemerintah kota membuka tiga posko kesehatan bagi warga terdampak banjir di Sukamaju.",
            "body": "<p>Posko kesehatan melayani warga selama dua puluh empat jam.</p>"
            + WIDE_TABLE
            + "<p>Warga dapat menghubungi 112 untuk bantuan darurat.</p>",
            "hero_alt": "Petugas kesehatan di posko banjir",
            "hero_caption": "Posko kesehatan di Balai Desa Sukamaju",
            # The submit checklist wants a category.
            "category": Category.objects.get_or_create(slug="kesehatan", defaults={"name": "Kesehatan"})[0],
        },
        hero_image=jpeg("hero.jpg"),
        photos=[
            {
                "image": jpeg(f"foto{i}.jpg", color=(40 * i, 120, 90)),
                "alt": f"Foto posko {i}",
                "caption": f"Posko {i}",
            }
            for i in range(1, 4)
        ],
        quotes=[{"speaker": "dr. Hendra", "role": "Kepala Dinas Kesehatan", "text": "Kami siap melayani."}],
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
        tags=["banjir", "kesehatan"],
    )
    release = services.release_submit(release=release, actor=staf)
    release = services.release_approve(release=release, actor=sekretaris)
    release = services.release_publish(release=release, actor=sekretaris)
    corrected = services.release_correct(
        release=release,
        actor=sekretaris,
        change_note="Jumlah posko diperbaiki dari dua menjadi tiga.",
        # A correction must change something (a minor one: the lead's wording).
        data={"title": release.title, "summary": release.summary.replace("tiga", "3"), "body": release.body},
    )
    statement = publish_statement(staf=staf, sekretaris=sekretaris)
    conference = make_conference(staf=staf)
    document = make_document(actor=ppid)
    publicinfo_services.spokesperson_save(
        actor=kepala or ppid,
        data={
            "name": "Rina Kartika",
            "position": "Sekretaris Pers",
            "topics": "Siaran pers",
            "phone": "0812000111",
            "email": "rina@example.go.id",
            "order": 1,
            "is_active": True,
        },
    )
    return {
        "release": corrected or release,
        "statement": statement,
        "conference": conference,
        "document": document,
    }
