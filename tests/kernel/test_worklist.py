""" "Pekerjaan saya" (kernel.worklist): each section's count per role, the second-pair-of-eyes
exclusion, the menu's badges, their cache and the query bounds of the dashboard and of an
ordinary staff page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF
from kernel.worklist import work_counts, work_dashboard, work_register, work_sections
from tests.releases import conftest as release_fixtures

# The releases' fixtures, used here as they are (pytest finds fixtures by module attribute).
category = release_fixtures.category
make_release = release_fixtures.make_release

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
# A fixed WIB morning, so that "embargo ends today" does not depend on when the suite runs.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kepala2(make_user):
    return make_user("kepala_dua", KEPALA, first_name="Kepala", last_name="Dua")


@pytest.fixture
def office(make_release, staf, sekretaris, sekretaris2, kepala, kepala2, ppid):
    """One of everything a dashboard section counts, made through the services where a service
    makes it, dated by the frozen clock."""
    from crises.models import Incident, MediaInquiry
    from crises.services import incident_open, statement_draft
    from distribution.models import Delivery, Distribution
    from kernel.rolegrants import role_grant_request
    from publicinfo.models import PublicDocument
    from releases import services as rs

    made = {}
    # In review, written and submitted by Staf: every approver may review it.
    made["by_staf"] = rs.release_submit(
        release=make_release(author=staf, title="Vaksinasi massal"), actor=staf
    )
    # Written and submitted by Sekretaris: she is not a second pair of eyes for it.
    made["by_sekretaris"] = rs.release_submit(
        release=make_release(author=sekretaris, title="Jadwal posko"), actor=sekretaris
    )
    # Sent back to Staf with a note.
    returned = rs.release_submit(release=make_release(author=staf, title="Harga beras"), actor=staf)
    made["returned"] = rs.release_reject(
        release=returned, actor=sekretaris2, comment="Sumber data belum disebut."
    )
    # Scheduled, and approved with an embargo that ends this afternoon (WIB).
    scheduled = rs.release_approve(
        release=rs.release_submit(release=make_release(title="Festival kota"), actor=staf), actor=sekretaris2
    )
    made["scheduled"] = rs.release_schedule(
        release=scheduled, actor=sekretaris2, publish_at=NOW + timedelta(days=2)
    )
    embargoed = make_release(title="Laporan keuangan", embargo_until=NOW + timedelta(hours=5))
    made["embargoed"] = rs.release_approve(
        release=rs.release_submit(release=embargoed, actor=staf), actor=kepala
    )
    # An embargo ending tomorrow is not today's.
    rs.release_submit(
        release=make_release(title="Rapat besok", embargo_until=NOW + timedelta(days=1, hours=2)), actor=staf
    )

    incident = incident_open(actor=staf, title="Banjir Sukamaju", severity=3, owner=staf)
    made["statement"] = statement_draft(
        actor=staf, incident=incident, title="Pernyataan banjir", body="<p>Kami menangani banjir.</p>"
    )
    Incident.objects.filter(pk=incident.pk).update(next_update_due_at=NOW - timedelta(minutes=20))
    incident_open(actor=staf, title="Isu hoaks", severity=4, owner=staf)  # not overdue
    made["inquiry"] = MediaInquiry.objects.create(
        journalist_name="Ani",
        outlet_name="Harian Kota",
        question="Berapa korban?",
        created_by=staf,
        deadline=NOW - timedelta(hours=1),
        incident=incident,
    )
    MediaInquiry.objects.create(
        journalist_name="Budi", question="Kapan surut?", created_by=staf, deadline=NOW + timedelta(hours=3)
    )

    failed = Distribution.objects.create(
        source=made["scheduled"], subject="Undangan festival", status="completed"
    )
    journalist = _journalist()
    Delivery.objects.create(
        distribution=failed, journalist=journalist, email=journalist.email, status="failed"
    )
    Distribution.objects.create(source=made["scheduled"], subject="Kiriman berjalan", status="sending")
    Distribution.objects.create(source=made["scheduled"], subject="Selesai baik", status="completed")

    PublicDocument.objects.create(
        title="Laporan tahunan",
        slug="laporan-tahunan",
        category="berkala",
        date=NOW.date(),
        file="publicinfo/laporan.pdf",
        created_by=ppid,
    )
    made["grant"] = role_grant_request(actor=kepala, user=staf, role=SEKRETARIS, reason="Promosi")
    return made


def _journalist():
    from contacts.models import Journalist

    return Journalist.objects.create(name="Citra", email="citra@koran.example")


EXPECTED = {
    # section: {role: count}; a role that does not see a section is absent.
    "releases.review": {KEPALA: 3, SEKRETARIS: 2},  # Sekretaris wrote "Jadwal posko" herself
    "releases.corrections": {KEPALA: 0, SEKRETARIS: 0},  # no major correction proposed here
    "releases.returned": {KEPALA: 0, SEKRETARIS: 0, STAF: 1},
    "releases.scheduled": {KEPALA: 1, SEKRETARIS: 1, STAF: 1},
    "releases.embargo_today": {KEPALA: 1, SEKRETARIS: 1, STAF: 1},
    "crises.statements_awaiting": {KEPALA: 1, SEKRETARIS: 1},
    "crises.statements_returned": {KEPALA: 0, SEKRETARIS: 0, STAF: 0},
    "crises.updates_overdue": {KEPALA: 1, SEKRETARIS: 1, STAF: 1},
    "crises.inquiries_overdue": {KEPALA: 1, SEKRETARIS: 1, STAF: 1},
    "distribution.attention": {KEPALA: 2, SEKRETARIS: 2, STAF: 2},
    "publicinfo.drafts": {KEPALA: 1, PPID: 1},
    "kernel.role_grants": {KEPALA: 0},  # Kepala asked for it: only another Kepala decides
}


def test_every_registered_section_is_covered_here():
    assert {s.key for s in work_sections()} == set(EXPECTED)


def test_each_section_counts_what_each_role_may_act_on(office, role_users, kepala2):
    for role, user in role_users.items():
        counts = work_counts(user, fresh=True)
        expected = {key: by_role[role] for key, by_role in EXPECTED.items() if role in by_role}
        assert counts == expected, role
    assert work_counts(kepala2, fresh=True)["kernel.role_grants"] == 1


def test_second_pair_of_eyes_keeps_own_and_edited_work_out_of_my_queue(office, sekretaris, sekretaris2, staf):
    from crises.services import statement_update
    from releases import services as rs

    # Sekretaris 2 edits the statement: she is one of its editors now, not its approver.
    statement_update(
        actor=sekretaris2, statement=office["statement"], title="Pernyataan banjir", body="<p>Diubah.</p>"
    )
    draft = make_release_via(rs, staf, "Dana bantuan")
    rs.release_update(release=draft, actor=sekretaris2, data={"title": "Dana bantuan bencana"})
    rs.release_submit(release=draft, actor=staf)

    mine = work_counts(sekretaris2, fresh=True)
    assert mine["crises.statements_awaiting"] == 0
    # By staf and by Sekretaris 1, not the one she edited.
    titles = _titles(sekretaris2, "releases.review")
    assert "Dana bantuan bencana" not in titles and {"Vaksinasi massal", "Jadwal posko"} <= set(titles)
    assert "Dana bantuan bencana" in _titles(sekretaris, "releases.review")


def make_release_via(rs, author, title):
    from releases.models import Category

    return rs.release_create(
        actor=author,
        data={
            "title": title,
            "summary": "Ringkas.",
            "body": "<p>Isi.</p>",
            "category": Category.objects.first(),
        },
        contacts=[{"name": "Rina", "role": "Humas", "phone": "", "email": "rina@example.go.id"}],
    )


def _titles(user, key):
    for _label, views in work_dashboard(user, limit=50):
        for view in views:
            if view.section.key == key:
                return [item.title for item in view.items]
    raise AssertionError(f"{key} not on the dashboard of {user}")


def test_dashboard_page_for_sekretaris(client, office, sekretaris):
    client.force_login(sekretaris)
    body = client.get(reverse("staff:dashboard")).content.decode()
    assert 'data-testid="work-releases.review" data-count="2"' in body
    assert "Vaksinasi massal" in body and "Jadwal posko" not in _section(body, "releases.review")
    assert 'data-testid="work-crises.statements_awaiting" data-count="1"' in body
    assert "Pernyataan banjir" in body and "Banjir Sukamaju" in body
    assert 'data-testid="work-distribution.attention" data-count="2"' in body
    assert "1 penerima gagal" in body and ">gagal</strong>" in _section(body, "distribution.attention")
    # The lead counts what waits for her, as the menu does (scheduled and embargoes are not work).
    assert "Ada 7 hal untuk Anda." in body
    assert "Tidak ada siaran pers Anda yang dikembalikan." in body  # an empty section says so
    assert "Laporan tahunan" not in body  # PPID's documents are not hers
    assert "Menunggu persetujuan saya" in body and "Perlu perhatian" in body


def _section(body, key):
    start = body.index(f'data-testid="work-{key}"')
    return body[start : body.index("</article>", start)]


def test_dashboard_for_staf_shows_the_note_of_her_returned_release(client, office, staf):
    client.force_login(staf)
    body = client.get(reverse("staff:dashboard")).content.decode()
    returned = _section(body, "releases.returned")
    assert "Harga beras" in returned and "Sumber data belum disebut." in returned
    assert 'data-testid="work-releases.review"' not in body  # Staf approves nothing


def test_dashboard_for_ppid_lists_only_her_documents(client, office, ppid):
    client.force_login(ppid)
    body = client.get(reverse("staff:dashboard")).content.decode()
    assert 'data-testid="work-publicinfo.drafts" data-count="1"' in body
    assert body.count('<article class="work-section') == 1
    assert "Vaksinasi massal" not in body and "Banjir Sukamaju" not in body


def _badges(body):
    import re

    return {
        name: int(count)
        for name, count in re.findall(
            r'data-nav="([^"]+)"[^>]*>[^<]*<span class="nav-badge"[^>]*><span[^>]*>[^<]*</span>(\d+)</span>',
            body,
        )
    }


def test_menu_badges_carry_the_counts(client, office, sekretaris, staf):
    client.force_login(sekretaris)
    badges = _badges(client.get(reverse("staff_releases:list")).content.decode())
    # review 2; crises: 1 statement + 1 overdue update + 1 overdue inquiry; 2 sends; total 7.
    assert badges == {
        "staff_releases:review_queue": 2,
        "staff_crises:list": 3,
        "staff_distribution:list": 2,
        "staff:dashboard": 7,
    }
    client.force_login(staf)
    badges = _badges(client.get(reverse("staff_releases:list")).content.decode())
    assert badges["staff_releases:list"] == 1  # her returned release
    assert "staff_releases:review_queue" not in badges


def test_badges_follow_a_state_change_at_once_and_are_cached_otherwise(client, office, sekretaris, staf):
    from releases import services as rs

    client.force_login(sekretaris)
    url = reverse("staff_releases:list")
    assert _badges(client.get(url).content.decode())["staff_releases:review_queue"] == 2
    # An unaudited change (a row written behind the services' back) waits for the short TTL...
    from releases.models import Release

    Release.objects.filter(pk=office["by_staf"].pk).update(status=Release.Status.DRAFT)
    assert _badges(client.get(url).content.decode())["staff_releases:review_queue"] == 2
    # ...an audited move (every workflow move, here Kepala approving the release Sekretaris
    # wrote, which was never hers to review) makes every cached count stale at once: the next
    # page counts again, and sees the unaudited change too. "Rapat besok" is left.
    rs.release_approve(release=office["by_sekretaris"], actor=_another_approver())
    assert _badges(client.get(url).content.decode())["staff_releases:review_queue"] == 1


def _another_approver():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="kepala_uji")


def test_dashboard_query_count_is_bounded(client, office, sekretaris, django_assert_max_num_queries):
    client.force_login(sekretaris)
    client.get(reverse("staff:dashboard"))  # session, permissions, content types warmed
    # Measured 14: session and user (2), one COUNT statement for all ten sections, one query for
    # the items of each of the eight sections with something in them, the organisation profile,
    # savepoints. Rows more or sections fuller add none (items are joined, not fetched per row).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 200


def test_more_rows_cost_the_dashboard_no_more_queries(client, office, sekretaris, staf, make_release):
    from crises.models import MediaInquiry
    from crises.services import statement_draft
    from releases import services as rs

    client.force_login(sekretaris)
    client.get(reverse("staff:dashboard"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("staff:dashboard"))
    for n in range(3):
        rs.release_submit(release=make_release(author=staf, title=f"Tambahan {n}"), actor=staf)
        statement_draft(
            actor=staf, incident=office["statement"].incident, title=f"Pernyataan {n}", body="<p>Isi.</p>"
        )
        MediaInquiry.objects.create(
            journalist_name=f"Wartawan {n}", question="?", created_by=staf, deadline=NOW - timedelta(hours=2)
        )
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("staff:dashboard"))
    assert len(after.captured_queries) == len(before.captured_queries)


def test_an_ordinary_staff_page_pays_at_most_one_statement_for_the_badges(
    client, office, sekretaris, django_assert_max_num_queries
):
    url = reverse("staff:audit_list")
    client.force_login(sekretaris)
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    badge_queries = [q for q in cold.captured_queries if "SELECT (SELECT COUNT(*)" in q["sql"]]
    assert len(badge_queries) == 1  # every section's count in one statement
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert not [q for q in warm.captured_queries if "COUNT(*) FROM (" in q["sql"]]  # cached
    assert len(warm.captured_queries) <= len(cold.captured_queries) - 1
    with django_assert_max_num_queries(len(warm.captured_queries)):
        client.get(url)


def test_a_section_needs_a_source():
    with pytest.raises(ValueError):
        work_register("x.y", label="x", order=1, url_name="staff:dashboard")
    with pytest.raises(ValueError):
        work_register("x.y", label="x", order=1, url_name="staff:dashboard", queryset=lambda user: None)
    assert "x.y" not in {s.key for s in work_sections()}


def test_no_role_no_work(client, outsider):
    assert work_counts(outsider) == {}
    assert work_dashboard(outsider) == []


def test_embargo_today_is_the_wib_day(make_release, staf):
    """23.30 WIB is still today; 00.30 WIB is tomorrow, though both are the same UTC date (16.30
    and 17.30 UTC): the day is Jakarta's."""
    from releases import services as rs
    from releases.selectors import release_embargo_ending_today

    tonight = make_release(title="Malam ini", embargo_until=NOW.replace(hour=23, minute=30))
    after_midnight = make_release(
        title="Lewat tengah malam", embargo_until=NOW.replace(hour=23) + timedelta(hours=1, minutes=30)
    )
    ended = make_release(title="Sudah lewat", embargo_until=NOW - timedelta(hours=1))
    for release in (tonight, after_midnight, ended):
        rs.release_submit(release=release, actor=staf)
    assert after_midnight.embargo_until.astimezone(ZoneInfo("UTC")).date() == NOW.date()
    assert [r.title for r in release_embargo_ending_today(user=staf)] == ["Malam ini"]


def test_a_section_whose_queryset_is_empty_counts_zero(staf):
    from releases.models import Release

    work_register(
        "test.none",
        label="x",
        order=1,
        url_name="staff:dashboard",
        queryset=lambda user: Release.objects.none(),
        item=lambda row: None,
    )
    try:
        assert work_counts(staf, fresh=True)["test.none"] == 0
    finally:
        from kernel import worklist

        worklist._SECTIONS.pop("test.none")


def test_a_pending_high_role_asks_every_other_kepala_once(kepala, kepala2, sekretaris, staf, smtp_sink):
    from kernel.models import Notification
    from kernel.notifications import notification_deliver_one
    from kernel.rolegrants import role_grant_request

    grant = role_grant_request(actor=kepala, user=staf, role=SEKRETARIS, reason="Promosi")
    rows = list(Notification.objects.filter(kind="role_grant.request"))
    assert [r.recipient for r in rows] == [kepala2]  # not the requester, not Sekretaris
    assert [notification_deliver_one(r.pk) for r in rows] == ["sent"]
    assert [notification_deliver_one(r.pk) for r in rows] == ["skipped"]
    assert [m["to"] for m in smtp_sink.messages] == [[kepala2.email]]
    assert f"/admin/kernel/rolegrant/{grant.pk}/" in smtp_sink.messages[0]["message"].get_content()
    # A lesser role applies at once: nobody is asked.
    role_grant_request(actor=kepala, user=staf, role=PPID)
    assert Notification.objects.filter(kind="role_grant.request").count() == 1


def test_a_section_may_count_and_list_by_itself(client, staf):
    from kernel import worklist
    from kernel.worklist import WorkItem

    def count_and_items(user, limit):
        items = [WorkItem(f"Butir {n}", "/staf/") for n in range(4)]
        return len(items), items[:limit]

    work_register(
        "test.own",
        label="Hitungan sendiri",
        order=1,
        url_name="staff:dashboard",
        count_and_items=count_and_items,
        nav="staff:audit_list",
    )
    try:
        assert work_counts(staf, fresh=True)["test.own"] == 4
        assert worklist.work_badges(staf)["staff:dashboard"] == 4
        client.force_login(staf)
        body = client.get(reverse("staff:dashboard")).content.decode()
        assert 'data-testid="work-test.own" data-count="4"' in body
        assert "Butir 4" not in body and "dan 0 lainnya" not in body and "Butir 3" in body
    finally:
        worklist._SECTIONS.pop("test.own")
