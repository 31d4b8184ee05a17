"""The seams between apps: a release page leads to sending and to its press kit; publishing asks
for a kit; a journalist's page shows their media inquiries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from releases.models import Release
from releases.presskit.models import PressKit
from releases.services import release_approve, release_create, release_publish, release_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_release(staf, sekretaris):
    from releases.models import Category

    category = Category.objects.create(name="Infrastruktur", slug="infrastruktur")
    release = release_create(
        actor=staf,
        data={
            "title": "Peresmian Jembatan Sukamaju",
            "summary": "Teras",
            "body": "<p>Isi</p>",
            "category": category,
        },
        contacts=[
            {"name": "Rina", "role": "Sekretaris Pers", "phone": "0812", "email": "rina@example.go.id"}
        ],
    )
    release_submit(release=release, actor=staf)
    return release_approve(release=Release.objects.get(pk=release.pk), actor=sekretaris)


def test_release_page_offers_sending_only_to_those_who_may_send(client, approved_release, staf, sekretaris):
    url = reverse("staff_releases:detail", args=[approved_release.pk])
    send = f"{reverse('staff_distribution:create')}?release={approved_release.pk}"
    client.force_login(staf)
    assert send not in client.get(url).content.decode()
    client.force_login(sekretaris)
    body = client.get(url).content.decode()
    assert send in body and "Kirim ke wartawan" in body
    assert 'data-testid="presskit-status"' in body
    assert client.get(send).status_code == 200


def test_publishing_requests_a_press_kit_and_the_public_page_links_it(
    client, approved_release, sekretaris, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=approved_release, actor=sekretaris)
    kit = PressKit.objects.get(release=approved_release)
    assert kit.status == PressKit.Status.PENDING  # the render itself is the pdf worker's job
    approved_release.refresh_from_db()
    body = client.get(approved_release.get_absolute_url()).content.decode()
    assert reverse("presskit:download", kwargs={"slug": approved_release.slug}) in body


def test_unpublished_release_page_has_no_press_kit_link(client, approved_release, sekretaris):
    preview = client.get(reverse("releases:detail", kwargs={"slug": approved_release.slug}))
    assert preview.status_code == 404
    assert client.get(reverse("presskit:download", kwargs={"slug": approved_release.slug})).status_code == 404


def test_journalist_page_shows_their_media_inquiries(client, staf):
    from contacts.models import Journalist
    from crises.services import inquiry_create

    journalist = Journalist.objects.create(name="Dewi Lestari", email="dewi@koran.example")
    inquiry_create(
        actor=staf,
        data={
            "journalist": journalist,
            "channel": "phone",
            "question": "Berapa korban banjir di Sukamaju?",
            "deadline": timezone.now() + datetime.timedelta(hours=2),
        },
    )
    client.force_login(staf)
    body = client.get(reverse("staff_contacts:journalist_detail", args=[journalist.pk])).content.decode()
    assert "Riwayat pertanyaan media" in body and "Berapa korban banjir di Sukamaju?" in body


def test_conference_follow_up_carries_the_press_kit(
    make_conference_for_release, staf, sekretaris, settings, tmp_path
):
    """Issue 7: after the event, the follow-up sends the release and its press kit."""
    from conferences.mails import followup_attended_mail
    from contacts.models import Journalist
    from releases.presskit.services import presskit_render, presskit_request

    settings.MEDIA_ROOT = tmp_path
    release = release_create(
        actor=staf, data={"title": "Hasil Rapat Banjir", "summary": "Teras", "body": "<p>Isi</p>"}
    )
    Release.objects.filter(pk=release.pk).update(
        status=Release.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    release.refresh_from_db()
    kit = presskit_request(release=release, actor=sekretaris)
    presskit_render(kit_id=kit.pk)
    conference = make_conference_for_release(release)
    journalist = Journalist.objects.create(name="Budi Santoso", email="budi@koran.example")
    mail = followup_attended_mail(conference, journalist, None)
    names = [name for name, _content, _type in mail.attachments]
    assert any(name.startswith("press-kit-") and name.endswith(".pdf") for name in names), names
    pdf = next(
        content for name, content, _t in mail.attachments if name.endswith(".pdf") and "press-kit" in name
    )
    assert pdf.startswith(b"%PDF")
    assert reverse("presskit:download", kwargs={"slug": release.slug}) in mail.html


@pytest.fixture
def make_conference_for_release(staf):
    from conferences import services

    def _make(release):
        starts_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
        return services.conference_create(
            actor=staf,
            data={
                "title": "Konferensi Pers Penanganan Banjir",
                "description": "Pemaparan",
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=1),
                "venue_name": "Balai Kota",
                "venue_address": "Jl. Merdeka 1",
                "map_url": "",
                "online_url": "",
                "is_public": True,
                "reminder_hours": 24,
                "release": release,
            },
            speakers=[],
        )

    return _make
