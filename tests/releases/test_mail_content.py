"""The release mail as journalists get it, the embargo room, the staff mail preview and the
WhatsApp text (issue 16)."""

import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from kernel.links import link_read
from kernel.models import AuditEntry
from releases.distribution_hooks import release_mail
from releases.links import EMBARGO_ROOM
from releases.models import EmbargoRoomOpening, Release
from tests.conftest import HumasClient
from tests.releases.mail_fixtures import rich_release

S = Release.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HUMAS_MEDIA_ACCEL = False


@pytest.fixture
def journalist(db):
    from contacts.models import Journalist, MediaOutlet

    outlet = MediaOutlet.objects.create(name="Harian Nusantara", outlet_type="print", region="Jabar")
    return Journalist.objects.create(name="Ani Wartawati", email="ani@nusantara.example.id", outlet=outlet)


@pytest.fixture
def other_journalist(db):
    from contacts.models import Journalist

    return Journalist.objects.create(name="Budi Reporter", email="budi@kabar.example.id")


@pytest.fixture
def public_release(release_in_state, staf, sekretaris):
    return rich_release(release_in_state, staf, sekretaris, S.PUBLISHED)


@pytest.fixture
def embargoed_release(release_in_state, staf, sekretaris):
    return rich_release(release_in_state, staf, sekretaris, S.APPROVED, embargo_hours=6)


def urls_in(html):
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def path_of(url):
    parts = urlsplit(url)
    return parts.path


def test_public_release_mail_is_absolute_and_fits_a_phone(client, public_release, journalist):
    mail = release_mail(public_release, journalist, None)
    site = settings.HUMAS_SITE_URL
    urls = urls_in(mail.html)
    assert urls and all(u.startswith((site + "/", "mailto:")) for u in urls), [
        u for u in urls if not u.startswith(site)
    ]
    imgs = re.findall(r"<img\s[^>]*>", mail.html)
    assert len(imgs) == 1 + 1 + 2  # hero, the editor image, two gallery thumbnails
    for tag in imgs:
        width = int(re.search(r'width="(\d+)"', tag).group(1))
        assert width <= 600
        assert re.search(r'alt="[^"]+"', tag)
        assert "max-width:" in tag and "height:auto" in tag
    assert 'width="1600"' not in mail.html
    # Every image is a rendition (<= 600 px) served publicly from the public base URL.
    for src in re.findall(r'<img\s[^>]*src="([^"]+)"', mail.html):
        assert re.search(r"\.w(320|600)\.jpg$", src), src
        response = client.get(path_of(src))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    # Hero, gallery thumbnails linking to the full photo, the attachment with name and size.
    hero = public_release.hero_image.name
    assert f"{site}/media/{hero}.w600.jpg" in mail.html
    for photo in public_release.photos.all():
        assert f'href="{site}{photo.image.url}"' in mail.html
    attachment = public_release.attachments.get()
    assert f'href="{site}{attachment.file.url}">Laporan debit</a>' in mail.html, re.findall(
        "<li>.*?</li>", mail.html
    )
    size = filesizeformat(attachment.size)
    assert f"({size})" in mail.html
    # The text part: the table readable, links absolute, attachment and photos listed.
    lines = mail.text.splitlines()
    assert "Sungai | Debit (m3/s) | Siaga" in lines and "Citarum | 800 | 4" in lines
    assert "Citarum8004" not in mail.text and f"({site}/siaran-pers/)" in mail.text
    assert f"- Laporan debit ({size}): {site}{attachment.file.url}" in lines
    assert "ruang-embargo" not in mail.text


def test_embargoed_mail_carries_each_recipients_own_room_link_and_images_load(
    client, embargoed_release, journalist, other_journalist
):
    release = embargoed_release
    mail_a = release_mail(release, journalist, None)
    mail_b = release_mail(release, other_journalist, None)
    room_a = re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', mail_a.html).group(1)
    room_b = re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', mail_b.html).group(1)
    assert room_a != room_b and room_a in mail_a.text
    token = unquote(room_a.rstrip("/").rsplit("/", 1)[1])
    assert link_read(EMBARGO_ROOM, token).extra["j"] == journalist.pk
    assert "EMBARGO s.d." in mail_a.html and "HUMASxROOM" not in mail_a.html + mail_a.text
    # The files are not public: the public media door says 404 ...
    assert client.get(release.hero_image.url).status_code == 404
    assert client.get(release.photos.first().image.url).status_code == 404
    # ... yet every image of the mail loads, through the release's signed image link, and the
    # gallery links lead into the recipient's room, never to /media/.
    for src in re.findall(r'<img\s[^>]*src="([^"]+)"', mail_a.html):
        assert "/gambar-surat/" in src
        response = client.get(path_of(src))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "/media/" not in mail_a.html
    # The image link is the same for everyone (no tracking pixel) and opens renditions only.
    srcs_a = {re.sub(r"gambar-surat/[^/]+/", "", s) for s in re.findall(r'src="([^"]+)"', mail_a.html)}
    assert len(srcs_a) == 4
    image_src = re.search(r'<img\s[^>]*src="([^"]+)"', mail_a.html).group(1)
    original = path_of(image_src).replace(".w600.jpg", "")
    assert client.get(original).status_code == 404
    assert client.get(path_of(image_src).replace(".w600.", ".w1200.")).status_code == 404
    # The same rendition through the public media door: 404 while the embargo runs.
    rendition_name = path_of(image_src).split("/", 3)[3]
    assert default_storage.exists(rendition_name)
    assert client.get(settings.MEDIA_URL + rendition_name).status_code == 404
    # Opening nothing logs nothing: a mail client loading images is not an opening.
    assert not EmbargoRoomOpening.objects.exists()


def _room_token(release, journalist):
    mail = release_mail(release, journalist, None)
    url = re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', mail.html).group(1)
    return path_of(url)


def test_embargo_room_before_the_embargo_lists_everything_and_logs_openings(
    client, embargoed_release, journalist
):
    release = embargoed_release
    room = _room_token(release, journalist)
    page = client.get(room)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert release.title in html and "Citarum" in html and "EMBARGO s.d." in html
    assert "noindex" in html and "Laporan debit" in html and "foto.zip" in html
    # Photos: this release's in full resolution; another release's id is 404.
    photo = release.photos.first()
    full = client.get(f"{room}foto/{photo.pk}/")
    assert full.status_code == 200
    assert b"".join(full.streaming_content) == default_storage.open(photo.image.name).read()
    attachment = release.attachments.get()
    download = client.get(f"{room}lampiran/{attachment.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    kinds = list(EmbargoRoomOpening.objects.order_by("pk").values_list("what", "journalist_id", "item"))
    assert kinds == [
        ("page", journalist.pk, ""),
        ("photo", journalist.pk, photo.caption),
        ("attachment", journalist.pk, "Laporan debit"),
    ]
    assert all(o.opened_at <= timezone.now() for o in EmbargoRoomOpening.objects.all())


def test_embargo_room_answers_404_for_tampered_links_and_other_releases_files(
    client, embargoed_release, public_release, journalist
):
    room = _room_token(embargoed_release, journalist)
    token = room.rstrip("/").rsplit("/", 1)[1]
    tampered = room.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    assert client.get(tampered).status_code == 404
    forged = signing.dumps({"id": embargoed_release.pk, "j": journalist.pk}, salt="another.salt")
    assert client.get(reverse("releases:embargo_room", kwargs={"token": forged})).status_code == 404
    other_photo = public_release.photos.first()
    other_attachment = public_release.attachments.get()
    assert client.get(f"{room}foto/{other_photo.pk}/").status_code == 404
    assert client.get(f"{room}lampiran/{other_attachment.pk}/").status_code == 404
    assert client.get(f"{room}foto/999999/").status_code == 404
    assert not EmbargoRoomOpening.objects.exists()


def test_revoked_link_is_404_audited_and_can_be_restored(
    client, embargoed_release, journalist, staf, outsider
):
    release = embargoed_release
    room = _room_token(release, journalist)
    assert client.get(room).status_code == 200
    staff = HumasClient()
    staff.force_login(staf)
    detail = staff.get(reverse("staff_releases:detail", args=[release.pk])).content.decode()
    assert 'data-testid="room-openings"' in detail and "Ani Wartawati" in detail and "Halaman" in detail
    nobody = HumasClient()
    nobody.force_login(outsider)
    url = reverse("staff_releases:embargo_room_revoke", args=[release.pk])
    assert nobody.post(url, {"journalist": journalist.pk}).status_code == 404
    assert client.get(room).status_code == 200
    response = staff.post(url, {"journalist": journalist.pk})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="release.embargo_room_revoke", data__journalist=journalist.pk
    ).exists()
    for path in (room, f"{room}foto.zip", f"{room}foto/{release.photos.first().pk}/", f"{room}kit-media.pdf"):
        assert client.get(path).status_code == 404, path
    # Revoked for this one person only.
    from contacts.models import Journalist

    other = Journalist.objects.create(name="Citra", email="citra@x.example.id")
    assert client.get(_room_token(release, other)).status_code == 200
    staff.post(
        reverse("staff_releases:embargo_room_restore", args=[release.pk]), {"journalist": journalist.pk}
    )
    assert AuditEntry.objects.filter(action="release.embargo_room_restore").exists()
    assert client.get(room).status_code == 200


def test_room_zip_holds_every_original_photo(client, embargoed_release, journalist):
    release = embargoed_release
    room = _room_token(release, journalist)
    response = client.get(f"{room}foto.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response.streaming
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [
            "00-foto-utama-wali-kota-meninjau-tanggul.jpg",
            "01-antrean-posko.jpg",
            "02-relawan-pmi.jpg",
        ]
        originals = [release.hero_image.name] + [p.image.name for p in release.photos.all()]
        for name, original in zip(names, originals, strict=True):
            assert archive.read(name) == default_storage.open(original).read()
    assert EmbargoRoomOpening.objects.filter(what="zip", journalist=journalist).count() == 1


def test_room_press_kit_is_the_embargo_marked_one(client, embargoed_release, journalist):
    from pypdf import PdfReader

    from releases.presskit.selectors import presskit_current
    from releases.presskit.services import presskit_render, presskit_request

    release = embargoed_release
    room = _room_token(release, journalist)
    assert client.get(f"{room}kit-media.pdf").status_code == 404  # not rendered yet
    assert "Kit media sedang disiapkan" in client.get(room).content.decode()
    kit = presskit_request(release=release)
    presskit_render(kit_id=kit.pk)
    kit = presskit_current(release)
    assert kit.embargoed
    response = client.get(f"{room}kit-media.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "EMBARGO s.d." in text
    assert EmbargoRoomOpening.objects.filter(what="kit").count() == 1
    # The public kit download stays closed during the embargo.
    assert client.get(reverse("presskit:download", kwargs={"slug": release.slug})).status_code == 404


def test_after_the_embargo_the_link_leads_to_the_public_page(
    client, embargoed_release, journalist, sekretaris
):
    from releases import services

    release = embargoed_release
    room = _room_token(release, journalist)
    mail = release_mail(release, journalist, None)
    image = path_of(re.search(r'<img\s[^>]*src="([^"]+)"', mail.html).group(1))
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() - timedelta(minutes=1))
    services.release_publish(release=Release.objects.get(pk=release.pk), actor=sekretaris)
    release.refresh_from_db()
    assert release.is_public
    response = client.get(room)
    assert response.status_code == 302 and response["Location"] == release.get_absolute_url()
    assert client.get(f"{room}foto.zip")["Location"] == release.get_absolute_url()
    # The old mail's images now come from the public media door.
    moved = client.get(image)
    assert moved.status_code == 302 and "/media/" in moved["Location"]
    assert client.get(path_of(moved["Location"])).status_code == 200
    assert not EmbargoRoomOpening.objects.exists()


def test_test_mail_room_link_opens_for_staff_only(client, embargoed_release, staf):
    from types import SimpleNamespace

    sample = SimpleNamespace(pk=None, name="Staf", email="staf@example.go.id", language="id")
    mail = release_mail(embargoed_release, sample, None)
    room = path_of(re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', mail.html).group(1))
    assert client.get(room).status_code == 404
    staff = HumasClient()
    staff.force_login(staf)
    assert staff.get(room).status_code == 200
    assert not EmbargoRoomOpening.objects.exists()


def test_staff_mail_preview_is_its_own_sandboxed_document(client, embargoed_release, staf, outsider):
    url = reverse("staff_releases:mail_preview", args=[embargoed_release.pk])
    anonymous = client.get(url)
    assert anonymous.status_code in (302, 404) and embargoed_release.title.encode() not in anonymous.content
    nobody = HumasClient()
    nobody.force_login(outsider)
    assert nobody.get(url).status_code == 404
    staff = HumasClient()
    staff.force_login(staf)
    response = staff.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert "style-src 'unsafe-inline'" in csp and "frame-ancestors 'self'" in csp
    html = response.content.decode()
    assert html.startswith("<!doctype html>") and embargoed_release.title in html and "Nama Wartawan" in html
    detail = staff.get(reverse("staff_releases:detail", args=[embargoed_release.pk])).content.decode()
    assert re.search(r'<iframe class="mail-frame" sandbox src="' + re.escape(url) + '"', detail)


def test_whatsapp_text_and_share_link(public_release, staf):
    from urllib.parse import parse_qs

    from releases.selectors import release_whatsapp_share_url, release_whatsapp_text

    text = release_whatsapp_text(public_release)
    lines = text.splitlines()
    assert lines[0] == f"*{public_release.title}*"
    assert lines[2] == public_release.summary
    assert lines[-1] == settings.HUMAS_SITE_URL + public_release.get_absolute_url()
    share = release_whatsapp_share_url(public_release)
    assert share.startswith("https://wa.me/?text=")
    assert parse_qs(urlsplit(share).query)["text"] == [text]
    staff = HumasClient()
    staff.force_login(staf)
    detail = staff.get(reverse("staff_releases:detail", args=[public_release.pk])).content.decode()
    assert 'data-testid="whatsapp-copy"' in detail and "Salin untuk WhatsApp" in detail
    assert f'href="{share}"'.replace("&", "&amp;") in detail or share in detail


def test_whatsapp_text_of_an_embargoed_release_says_so_and_keeps_bold_intact(make_release, staf):
    from releases.selectors import release_whatsapp_text

    release = make_release(
        title="Vaksin *gratis* untuk   lansia", summary="", embargo_until=timezone.now() + timedelta(hours=3)
    )
    lines = release_whatsapp_text(release).splitlines()
    assert lines[0].startswith("*EMBARGO s.d. ") and lines[0].endswith(" WIB*")
    assert lines[2] == "*Vaksin gratis untuk lansia*"
    assert lines[4].startswith("Posko kesehatan melayani")


def test_sent_through_the_ledger_each_delivery_carries_its_own_room_link(
    client, smtp_sink, embargoed_release, journalist, other_journalist, sekretaris, staf, settings
):
    from distribution import services as distribution_services
    from distribution.sending import send_batch

    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    dist = distribution_services.distribution_create(
        actor=sekretaris, source=embargoed_release, journalists=[journalist, other_journalist]
    )
    distribution_services.distribution_start(actor=sekretaris, distribution=dist)
    deliveries = {d.journalist_id: d for d in dist.deliveries.all()}
    assert send_batch(distribution_id=dist.pk, delivery_ids=[d.pk for d in deliveries.values()]) == {}
    assert len(smtp_sink.messages) == 2
    for sent in smtp_sink.messages:
        html = next(p for p in sent["message"].walk() if p.get_content_type() == "text/html").get_content()
        person = journalist if sent["to"] == [journalist.email] else other_journalist
        room = re.search(r'href="([^"]+/ruang-embargo/[^"/]+/)"', html).group(1)
        extra = link_read(EMBARGO_ROOM, unquote(room.rstrip("/").rsplit("/", 1)[1])).extra
        assert extra == {"j": person.pk, "d": deliveries[person.pk].pk}
        assert client.get(path_of(room)).status_code == 200
    assert set(EmbargoRoomOpening.objects.values_list("journalist_id", "delivery_id")) == {
        (p.pk, deliveries[p.pk].pk) for p in (journalist, other_journalist)
    }
    # The staff page lists both recipients with a revoke button each.
    staff = HumasClient()
    staff.force_login(staf)
    detail = staff.get(reverse("staff_releases:detail", args=[embargoed_release.pk])).content.decode()
    assert detail.count('data-testid="room-revoke"') == 2


def test_mail_image_link_opens_only_this_releases_renditions(client, embargoed_release, public_release):
    from kernel.links import link_token
    from releases.links import MAIL_IMAGE

    token = link_token(MAIL_IMAGE, embargoed_release.pk)
    other = public_release.photos.first().image.name + ".w320.jpg"
    own = embargoed_release.photos.first().image.name + ".w320.jpg"
    from kernel.renditions import rendition

    rendition(embargoed_release.photos.first().image.name, 320)
    rendition(public_release.photos.first().image.name, 320)
    url = lambda name: reverse("releases:mail_image", kwargs={"token": token, "name": name})  # noqa: E731
    assert client.get(url(own)).status_code == 200
    assert client.get(url(other)).status_code == 404
    assert client.get(url("releases/photos/../../../etc/passwd.jpg.w320.jpg")).status_code == 404
    assert client.get(url(embargoed_release.photos.first().image.name)).status_code == 404


def test_room_recipient_list_is_capped_with_openers_first(
    client, smtp_sink, embargoed_release, journalist, other_journalist, sekretaris, settings
):
    from distribution import services as distribution_services
    from distribution.sending import send_batch
    from releases.selectors import embargo_room_recipients

    settings.HUMAS_MAIL_RATE_PER_SECOND = 1000
    dist = distribution_services.distribution_create(
        actor=sekretaris, source=embargoed_release, journalists=[journalist, other_journalist]
    )
    distribution_services.distribution_start(actor=sekretaris, distribution=dist)
    send_batch(distribution_id=dist.pk, delivery_ids=list(dist.deliveries.values_list("pk", flat=True)))
    # Budi (second by name) opens the room; with room for one row he is the one shown.
    assert client.get(_room_token(embargoed_release, other_journalist)).status_code == 200
    listed = embargo_room_recipients(embargoed_release, limit=1)
    assert [r["journalist"] for r in listed["rows"]] == [other_journalist]
    assert (listed["shown"], listed["total"], listed["rows"][0]["openings"]) == (1, 2, 1)
    full = embargo_room_recipients(embargoed_release)
    assert [r["journalist"].name for r in full["rows"]] == ["Budi Reporter", "Ani Wartawati"]
    assert full["total"] == full["shown"] == 2
