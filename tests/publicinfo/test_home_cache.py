"""The home page: sections, cache invalidation on every change that shows on it, query and byte
budgets. Anonymous requests go through the releases' page cache (Redis + in-process)."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from publicinfo import services as pi_services

from .factories import make_conference, make_document, publish_release, publish_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client()


def home(anon):
    response = anon.get("/")
    assert response.status_code == 200
    # The CSRF token of the language form is masked anew on every response.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_home_sections_active_statement_first(
    anon, staf, sekretaris, ppid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release = publish_release(staf=staf, sekretaris=sekretaris, title="Jembatan Kali Baru dibuka")
        statement = publish_statement(staf=staf, sekretaris=sekretaris)
        conference = make_conference(staf=staf)
        doc = make_document(actor=ppid)
    html = home(anon)
    for obj in (release, statement, conference, doc):
        assert obj.title in html and obj.get_absolute_url() in html
    # The official statement comes before everything else in the main content.
    main = html[html.index('id="main"') :]
    assert main.index(statement.title) < main.index("<h1") < main.index(release.title)
    for link in (
        "/siaran-pers/rss.xml",
        "/siaran-pers/atom.xml",
        "/konferensi-pers/kalender.ics",
        'action="/cari/"',
    ):
        assert link in html
    assert " WIB" in html


def test_home_without_incident_has_no_statement_box(anon):
    assert 'data-testid="home-statements"' not in home(anon)


def test_home_and_search_pages_show_one_search_box_each(anon):
    """Pages with their own search form leave the menu's out (on a phone the two stacked)."""
    from django.urls import reverse

    html = home(anon)
    assert html.count('role="search"') == 1 and 'id="home-q"' in html
    search = anon.get(reverse("public:search"), {"q": "banjir"}).content.decode()
    assert search.count('role="search"') == 1 and 'id="q-main"' in search
    other = anon.get(reverse("releases:list")).content.decode()
    assert 'id="nav-q"' in other


def _assert_cached_then_changed(anon, change, *, appears=None, disappears=None, capture=None):
    before = home(anon)
    assert home(anon) == before  # served from the cache
    with capture(execute=True):
        change()
    after = home(anon)
    if appears:
        assert appears not in before and appears in after, appears
    if disappears:
        assert disappears in before and disappears not in after, disappears


def test_cache_invalidated_on_release_publish_withdraw_correct_unpublish(
    anon, staf, sekretaris, kepala, django_capture_on_commit_callbacks
):
    from releases import services

    cap = django_capture_on_commit_callbacks
    box = {}

    def publish():
        box["r"] = publish_release(staf=staf, sekretaris=sekretaris, title="Pasar murah di 12 kecamatan")

    _assert_cached_then_changed(anon, publish, appears="Pasar murah di 12 kecamatan", capture=cap)

    def correct():
        services.release_correct(
            release=box["r"],
            actor=sekretaris,
            change_note="Jumlah kecamatan diperbaiki.",
            data={"title": "Pasar murah di 14 kecamatan", "summary": box["r"].summary, "body": box["r"].body},
        )

    _assert_cached_then_changed(anon, correct, appears="Pasar murah di 14 kecamatan", capture=cap)
    _assert_cached_then_changed(
        anon,
        lambda: services.release_withdraw(release=box["r"], actor=sekretaris, reason="Data keliru."),
        disappears="Pasar murah di 14 kecamatan",
        capture=cap,
    )

    def publish2():
        box["r2"] = publish_release(staf=staf, sekretaris=sekretaris, title="Lomba kebersihan kampung")

    _assert_cached_then_changed(anon, publish2, appears="Lomba kebersihan kampung", capture=cap)
    _assert_cached_then_changed(
        anon,
        lambda: services.release_unpublish(release=box["r2"], actor=kepala, reason="Salah unggah."),
        disappears="Lomba kebersihan kampung",
        capture=cap,
    )


def test_cache_invalidated_on_statement_publish_and_incident_resolve(
    anon, staf, sekretaris, django_capture_on_commit_callbacks
):
    from crises import services

    cap = django_capture_on_commit_callbacks
    box = {}

    def publish():
        box["s"] = publish_statement(
            staf=staf, sekretaris=sekretaris, title="Pernyataan Resmi: Kebakaran Pasar"
        )

    _assert_cached_then_changed(anon, publish, appears="Pernyataan Resmi: Kebakaran Pasar", capture=cap)

    def resolve():
        services.incident_resolve(
            actor=sekretaris,
            incident=box["s"].incident,
            what_happened="Api padam pukul 14.00 WIB.",
            what_worked="Koordinasi cepat.",
            follow_ups="Audit instalasi listrik.",
        )

    _assert_cached_then_changed(anon, resolve, disappears="Pernyataan Resmi: Kebakaran Pasar", capture=cap)


def test_routine_incident_saves_keep_the_page_cache(
    anon, staf, sekretaris, django_capture_on_commit_callbacks
):
    """During a crisis an incident is saved often (severity, timeline, cadence): the public pages
    show only whether it is resolved, so only that empties their cache."""
    from crises import services
    from crises.models import Incident, TimelineEntry
    from kernel.pagecache import public_cache_version

    with django_capture_on_commit_callbacks(execute=True):
        statement = publish_statement(staf=staf, sekretaris=sekretaris, title="Pernyataan: Banjir")
    incident = statement.incident
    version = public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_change_severity(
            actor=sekretaris, incident=incident, severity=incident.severity % 4 + 1, reason="Air surut."
        )
        services.timeline_add(
            actor=sekretaris,
            incident=Incident.objects.get(pk=incident.pk),
            kind=TimelineEntry.Kind.UPDATE,
            body="Posko dibuka.",
            is_public=True,
        )
        incident = Incident.objects.get(pk=incident.pk)
        incident.description = "Uraian diperbarui."
        incident.save()
    assert public_cache_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_resolve(
            actor=sekretaris,
            incident=Incident.objects.get(pk=incident.pk),
            what_happened="Air surut.",
            what_worked="Posko cepat.",
            follow_ups="Normalisasi sungai.",
        )
    assert public_cache_version() != version


def test_cache_invalidated_on_conference_create_change_cancel(
    anon, staf, sekretaris, django_capture_on_commit_callbacks
):
    from conferences import services

    cap = django_capture_on_commit_callbacks
    box = {}

    def create():
        box["c"] = make_conference(staf=staf, title="Konferensi Pers Musim Hujan")

    _assert_cached_then_changed(anon, create, appears="Konferensi Pers Musim Hujan", capture=cap)

    def reschedule():
        c = box["c"]
        services.conference_reschedule(
            actor=sekretaris,
            conference=c,
            starts_at=c.starts_at + timedelta(days=1),
            ends_at=c.ends_at + timedelta(days=1),
            reason="Ruang dipakai rapat paripurna.",
        )

    before = home(anon)
    with cap(execute=True):
        reschedule()
    assert home(anon) != before

    _assert_cached_then_changed(
        anon,
        lambda: services.conference_cancel(
            actor=sekretaris, conference=box["c"], reason="Narasumber berhalangan."
        ),
        appears="DIBATALKAN",
        capture=cap,
    )


def test_cache_invalidated_on_document_publish_and_unpublish(anon, ppid, django_capture_on_commit_callbacks):
    cap = django_capture_on_commit_callbacks
    doc = make_document(actor=ppid, title="Rencana Strategis 2025-2029", publish=False)
    _assert_cached_then_changed(
        anon,
        lambda: pi_services.document_set_published(actor=ppid, document=doc, published=True),
        appears="Rencana Strategis 2025-2029",
        capture=cap,
    )
    _assert_cached_then_changed(
        anon,
        lambda: pi_services.document_set_published(actor=ppid, document=doc, published=False),
        disappears="Rencana Strategis 2025-2029",
        capture=cap,
    )


def test_home_query_budget_on_cold_cache_and_zero_when_warm(
    anon, staf, sekretaris, ppid, django_assert_max_num_queries, django_assert_num_queries
):
    for n in range(8):
        publish_release(staf=staf, sekretaris=sekretaris, title=f"Siaran pers nomor {n} tentang layanan kota")
    for n in range(3):
        publish_statement(staf=staf, sekretaris=sekretaris, title=f"Pernyataan Resmi nomor {n}")
    for n in range(5):
        make_conference(staf=staf, title=f"Konferensi Pers nomor {n}", starts_in=timedelta(days=n + 1))
    for n in range(5):
        make_document(actor=ppid, title=f"Dokumen KIP nomor {n}")
    from django.core.cache import cache

    from kernel.pagecache import public_cache_bump
    from kernel.services import ORG_PROFILE_CACHE_KEY

    public_cache_bump()
    cache.delete(ORG_PROFILE_CACHE_KEY)  # truly cold: the profile is read too
    with django_assert_max_num_queries(8) as ctx:
        html = home(anon)
    assert html.count('class="release-item"') == 6
    assert len(ctx.captured_queries) >= 5  # each section was really read, not served stale
    with django_assert_num_queries(0):
        assert home(anon) == html


def test_home_html_under_50kb_with_full_content(anon, staf, sekretaris, ppid):
    for n in range(6):
        publish_release(
            staf=staf,
            sekretaris=sekretaris,
            title=f"Pemerintah kota meresmikan fasilitas layanan publik terpadu nomor {n} di kecamatan",
            summary="Ringkasan panjang siaran pers. " * 30,
        )
    for n in range(5):
        publish_statement(
            staf=staf, sekretaris=sekretaris, title=f"Pernyataan Resmi tentang gangguan nomor {n}"
        )
    for n in range(4):
        make_conference(staf=staf, title=f"Konferensi Pers nomor {n}", starts_in=timedelta(days=n + 1))
    size = len(home(anon).encode())
    assert size < 50 * 1024, size
