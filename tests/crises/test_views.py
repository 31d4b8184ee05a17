"""Staff pages: access (404 for anyone without the permission), forms through to services,
list pages without N+1, media inquiries and the journalist history include."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from crises.models import Incident, MediaInquiry, Statement, TimelineEntry
from crises.selectors import inquiries_for_journalist
from crises.services import inquiry_create, statement_approve, statement_draft, timeline_add
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist(db):
    from contacts.models import Journalist, MediaOutlet

    outlet = MediaOutlet.objects.create(name="Radar Nusantara", outlet_type="print")
    return Journalist.objects.create(name="Rudi Hartono", email="rudi@radar.example.id", outlet=outlet)


def test_staff_list_url_name():
    assert reverse("staff_crises:list") == "/staf/krisis/"
    assert reverse("crises:statement_list") == "/pernyataan-resmi/"


@pytest.mark.parametrize(
    "name",
    ["staff_crises:list", "staff_crises:create", "staff_crises:inquiry_list", "staff_crises:template_list"],
)
def test_ppid_and_outsiders_get_404(client, ppid, outsider, name):
    for user in (ppid, outsider):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 404
    client.logout()
    assert client.get(reverse(name)).status_code == 302  # to the login page


def test_incident_detail_404_for_ppid_and_unknown(client, ppid, staf, open_incident):
    incident = open_incident()
    client.force_login(ppid)
    assert client.get(reverse("staff_crises:detail", args=[incident.pk])).status_code == 404
    client.force_login(staf)
    assert client.get(reverse("staff_crises:detail", args=[incident.pk + 999])).status_code == 404
    assert client.get(reverse("staff_crises:detail", args=[incident.pk])).status_code == 200


def test_staf_can_not_reach_approver_pages(client, staf, open_incident):
    incident = open_incident()
    statement = statement_draft(actor=staf, incident=incident, title="x", body="<p>x</p>")
    client.force_login(staf)
    assert client.get(reverse("staff_crises:cadence")).status_code == 404
    assert client.get(reverse("staff_crises:resolve", args=[incident.pk])).status_code == 404
    assert client.post(reverse("staff_crises:statement_approve", args=[statement.pk])).status_code == 404
    assert (
        client.post(
            reverse("staff_crises:statement_release", args=[statement.pk]), {"publish": "on"}
        ).status_code
        == 404
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT


def test_create_incident_through_the_form(client, staf, sekretaris):
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:create"),
        {
            "title": "Kebocoran data penerima bantuan sosial",
            "kind": "data_breach",
            "severity": "2",
            "description": "Data 1.200 penerima bansos beredar di forum.",
            "owner": staf.pk,
            "team": [sekretaris.pk],
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.is_data_breach and list(incident.team.all()) == [sekretaris]
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Batas pemberitahuan UU PDP (3×24 jam)" in page
    assert 'data-testid="pdp-clock"' in page


def test_bad_incident_input_is_an_indonesian_message_not_a_500(client, staf):
    client.force_login(staf)
    response = client.post(reverse("staff_crises:create"), {"title": "", "severity": "9", "kind": "x"})
    assert response.status_code == 200
    assert "Periksa kembali isian" in response.content.decode()
    assert not Incident.objects.exists()


def test_severity_status_and_timeline_forms(client, staf, open_incident):
    incident = open_incident(severity=3)
    client.force_login(staf)
    client.post(reverse("staff_crises:severity", args=[incident.pk]), {"severity": "1", "reason": "Meluas"})
    incident.refresh_from_db()
    assert incident.severity == 1
    client.post(reverse("staff_crises:status", args=[incident.pk]), {"status": "responding"})
    incident.refresh_from_db()
    assert incident.status == "responding"
    response = client.post(reverse("staff_crises:status", args=[incident.pk]), {"status": "resolved"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "responding"  # resolving needs the review form
    client.post(
        reverse("staff_crises:timeline_add", args=[incident.pk]),
        {"kind": "update", "body": "Jalur evakuasi dibuka.", "is_public": "on"},
    )
    entry = incident.timeline.get(body="Jalur evakuasi dibuka.")
    assert entry.is_public and entry.author == staf
    response = client.post(
        reverse("staff_crises:timeline_add", args=[incident.pk]),
        {"kind": "update", "body": "Koreksi: jalur evakuasi utara dibuka.", "corrects": entry.pk},
        follow=True,
    )
    assert "Koreksi atas entri" in response.content.decode()
    response = client.post(
        reverse("staff_crises:timeline_add", args=[incident.pk]),
        {"kind": "decision", "body": "x", "is_public": "on"},
        follow=True,
    )
    assert "Hanya pembaruan atau pernyataan" in response.content.decode()
    assert AuditEntry.objects.filter(action="incident.escalate").exists()


def test_resolve_through_the_review_form(client, sekretaris, open_incident):
    incident = open_incident()
    client.force_login(sekretaris)
    url = reverse("staff_crises:resolve", args=[incident.pk])
    response = client.post(url, {"what_happened": "Server mati", "what_worked": "", "follow_ups": ""})
    assert response.status_code == 200
    client.post(url, {"what_happened": "Server mati", "what_worked": "Cepat", "follow_ups": "Genset"})
    incident.refresh_from_db()
    assert incident.status == "resolved" and incident.review_follow_ups == "Genset"
    page = client.get(reverse("staff_crises:list") + "?selesai=1").content.decode()
    assert incident.title in page


def test_statement_flow_through_views(client, staf, sekretaris, open_incident, approved_template):
    incident = open_incident()
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:statement_create", args=[incident.pk]),
        {"template": approved_template.pk, "title": "Pernyataan Resmi: Banjir", "body": ""},
    )
    statement = Statement.objects.get()
    assert response["Location"] == reverse("staff_crises:statement_detail", args=[statement.pk])
    assert statement.body == approved_template.body
    client.force_login(sekretaris)
    page = client.get(reverse("staff_crises:statement_detail", args=[statement.pk])).content.decode()
    assert "Setujui" in page
    response = client.post(reverse("staff_crises:statement_approve", args=[statement.pk]), follow=True)
    assert "belum diisi: [WILAYAH]" in response.content.decode()
    client.force_login(staf)
    client.post(
        reverse("staff_crises:statement_edit", args=[statement.pk]),
        {"title": statement.title, "body": "<p>Banjir di Kecamatan Sukamaju.</p>"},
    )
    client.force_login(sekretaris)
    client.post(reverse("staff_crises:statement_approve", args=[statement.pk]))
    response = client.post(reverse("staff_crises:statement_release", args=[statement.pk]), {}, follow=True)
    assert "Pilih terbitkan" in response.content.decode()
    client.post(reverse("staff_crises:statement_release", args=[statement.pk]), {"publish": "on"})
    statement.refresh_from_db()
    assert statement.is_published_publicly and statement.approved_by == sekretaris
    client.logout()
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_dashboard_highlights_overdue_and_has_no_n_plus_1(
    client, kepala, open_incident, staf, django_assert_max_num_queries
):
    for i in range(6):
        incident = open_incident(title=f"Insiden {i}", severity=(i % 4) + 1, team=[staf, kepala])
        inquiry_create(
            actor=staf, data={"incident": incident, "journalist_name": f"W{i}", "question": "Berapa?"}
        )
    Incident.objects.filter(title="Insiden 0").update(
        next_update_due_at=timezone.now() - timedelta(minutes=5)
    )
    statement_draft(actor=staf, incident=incident, title="Menunggu", body="<p>x</p>")
    client.force_login(kepala)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staff_crises:list"))
    page = response.content.decode()
    assert page.count('data-testid="incident-row"') == 6
    assert page.count('class="is-overdue"') == 1
    assert "terlambat" in page and "Menunggu" in page
    assert 'src="/static/crises/countdown.js"' in page and "<script>" not in page


def test_incident_detail_query_count(client, staf, open_incident, django_assert_max_num_queries):
    incident = open_incident()
    for i in range(8):
        timeline_add(actor=staf, incident=incident, kind=TimelineEntry.Kind.UPDATE, body=f"Pembaruan {i}")
        inquiry_create(
            actor=staf, data={"incident": incident, "journalist_name": f"W{i}", "question": "Berapa?"}
        )
    client.force_login(staf)
    with django_assert_max_num_queries(30):
        assert client.get(incident.get_absolute_url()).status_code == 200


def test_inquiries_general_and_per_incident_overdue_highlighted(
    client, staf, journalist, open_incident, django_assert_max_num_queries
):
    incident = open_incident()
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:inquiry_create") + f"?insiden={incident.pk}",
        {
            "incident": incident.pk,
            "journalist": journalist.pk,
            "channel": "phone",
            "question": "Berapa korban terdampak?",
            "deadline": (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
            "assignee": staf.pk,
            "status": "new",
        },
    )
    assert response.status_code == 302
    inquiry = MediaInquiry.objects.get()
    assert inquiry.is_overdue and inquiry.incident == incident
    assert incident.timeline.filter(kind="inquiry").exists()
    for i in range(5):
        inquiry_create(
            actor=staf, data={"journalist_name": f"Wartawan {i}", "outlet_name": "Media", "question": "Umum?"}
        )
    with django_assert_max_num_queries(12):
        page = client.get(reverse("staff_crises:inquiry_list")).content.decode()
    assert page.count('data-testid="inquiry-row"') == 6
    assert page.count("lewat tenggat") == 1
    # Answering it closes it: no longer overdue.
    response = client.post(
        reverse("staff_crises:inquiry_edit", args=[inquiry.pk]),
        {
            "incident": incident.pk,
            "journalist": journalist.pk,
            "channel": "phone",
            "question": inquiry.question,
            "status": "answered",
            "answer": "",
        },
    )
    assert response.status_code == 200 and "Tuliskan jawabannya" in response.content.decode()
    client.post(
        reverse("staff_crises:inquiry_edit", args=[inquiry.pk]),
        {
            "incident": incident.pk,
            "journalist": journalist.pk,
            "channel": "phone",
            "question": inquiry.question,
            "status": "answered",
            "answer": "Sebanyak 120 KK.",
        },
    )
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.answered_at and not inquiry.is_overdue


def test_inquiry_without_journalist_is_refused(client, staf):
    client.force_login(staf)
    response = client.post(
        reverse("staff_crises:inquiry_create"), {"channel": "phone", "question": "?", "status": "new"}
    )
    assert response.status_code == 200 and "Pilih wartawan" in response.content.decode()
    assert not MediaInquiry.objects.exists()


def test_journalist_inquiry_history_include(staf, ppid, journalist):
    inquiry_create(actor=staf, data={"journalist": journalist, "question": "Kapan listrik pulih?"})
    inquiry_create(actor=staf, data={"journalist_name": "Orang lain", "question": "Lain"})
    assert [q.question for q in inquiries_for_journalist(journalist)] == ["Kapan listrik pulih?"]
    request = RequestFactory().get("/")
    request.user = staf
    from django.contrib.auth.context_processors import PermWrapper

    html = render_to_string(
        "crises/_journalist_inquiries.html", {"journalist": journalist, "perms": PermWrapper(staf)}, request
    )
    assert "Kapan listrik pulih?" in html and "Lain" not in html
    html = render_to_string(
        "crises/_journalist_inquiries.html", {"journalist": journalist, "perms": PermWrapper(ppid)}, request
    )
    assert "Kapan listrik pulih?" not in html


def test_cadence_page_for_sekretaris(client, sekretaris, open_incident):
    incident = open_incident(severity=2)
    client.force_login(sekretaris)
    response = client.post(
        reverse("staff_crises:cadence"), {"sev_1": 20, "sev_2": 45, "sev_3": 240, "sev_4": 1440}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.next_update_due_at == incident.last_public_update_at + timedelta(minutes=45)
    response = client.post(
        reverse("staff_crises:cadence"), {"sev_1": 1, "sev_2": 45, "sev_3": 240, "sev_4": 1440}
    )
    assert response.status_code == 200 and "Periksa kembali" in response.content.decode()


def test_template_pages(client, staf, sekretaris):
    client.force_login(staf)
    client.post(
        reverse("staff_crises:template_create"),
        {
            "title": "Gangguan air bersih",
            "scenario": "service_outage",
            "body": "<p>Air bersih terganggu [WILAYAH].</p>",
        },
    )
    from crises.models import StatementTemplate

    template = StatementTemplate.objects.get()
    page = client.get(reverse("staff_crises:template_detail", args=[template.pk])).content.decode()
    assert "Setujui templat" not in page  # staf can not approve
    client.force_login(sekretaris)
    review = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(reverse("staff_crises:template_approve", args=[template.pk]), {"review_date": review})
    template.refresh_from_db()
    assert template.is_usable and template.approved_by == sekretaris


def test_statement_approve_view_refuses_drafter(client, sekretaris, open_incident):
    statement = statement_draft(actor=sekretaris, incident=open_incident(), title="x", body="<p>x</p>")
    client.force_login(sekretaris)
    response = client.post(reverse("staff_crises:statement_approve", args=[statement.pk]), follow=True)
    assert "Anda penulis naskah ini" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == "draft"


def test_public_statement_list_query_count(
    client, staf, sekretaris, open_incident, django_assert_max_num_queries
):
    from crises.services import statement_release

    incident = open_incident()
    for i in range(5):
        s = statement_draft(actor=staf, incident=incident, title=f"Pernyataan {i}", body="<p>x</p>")
        statement_approve(actor=sekretaris, statement=s)
        statement_release(actor=sekretaris, statement=s, publish=True)
    statement_draft(actor=staf, incident=incident, title="Draf rahasia", body="<p>x</p>")
    with django_assert_max_num_queries(6):
        page = client.get(reverse("crises:statement_list")).content.decode()
    assert page.count("Pernyataan ") >= 5 and "Draf rahasia" not in page
