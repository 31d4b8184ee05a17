"""Walk every declared move of every crises workflow, from every source state, as every role
(and as the drafter and the editor who hold an approver's role): the moves the staff page
offers must be exactly the moves the service accepts. The page is read from its HTML (buttons
carry data-workflow-action; status forms offer target states), the service is called with valid
inputs inside a savepoint that is rolled back. A rule typed twice, once in a view or template
and once in a service, shows up here as a difference."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crises import services
from crises.models import Incident, MediaInquiry, Statement, StatementTemplate
from crises.workflows import (
    INCIDENT_WORKFLOW,
    INQUIRY_WORKFLOW,
    STATEMENT_WORKFLOW,
    TEMPLATE_WORKFLOW,
    transition_to,
)
from tests.workflow_walk import offered_in_html, service_accepts

pytestmark = pytest.mark.django_db

ROLES = ("kepala", "sekretaris", "sekretaris2", "staf", "ppid")
WORKFLOWS = {
    "incident": INCIDENT_WORKFLOW,
    "statement": STATEMENT_WORKFLOW,
    "template": TEMPLATE_WORKFLOW,
    "inquiry": INQUIRY_WORKFLOW,
}


def _status_options(html, marker):
    """Target states offered by the status <select> of the form marked `marker`."""
    match = re.search(marker + r'.*?<select name="status"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([a-z_]+)"', match.group(1)) if match else []


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code in (200, 404), (url, user, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


@pytest.fixture
def users(kepala, sekretaris, sekretaris2, staf, ppid):
    return {
        "kepala": kepala,
        "sekretaris": sekretaris,
        "sekretaris2": sekretaris2,
        "staf": staf,
        "ppid": ppid,
    }


@pytest.fixture
def walked():
    """(workflow, transition, source state) walked, and the transitions some user could make."""
    record = {"walked": set(), "made": set()}
    yield record
    # Teardown is too late to fail the test; each test asserts via _assert_complete.


def _assert_complete(key, record):
    workflow = WORKFLOWS[key]
    declared = {(key, t.name, state) for t in workflow.transitions for state in t.source}
    assert record["walked"] == declared, declared ^ record["walked"]
    # Every move was made by someone: the "valid inputs" really are valid.
    assert record["made"] == {t.name for t in workflow.transitions}


def _compare(key, obj, client, users, record, *, page, calls):
    """For each role: offered (from `page(user, obj)`) == accepted (each call)."""
    workflow = WORKFLOWS[key]
    state = workflow.state_of(obj)
    for role in ROLES:
        user = users[role]
        offered = page(user, obj)
        accepted_names = set()
        for t in workflow.transitions:
            if state not in t.source:
                continue
            record["walked"].add((key, t.name, state))
            if service_accepts(lambda t=t, user=user: calls[t.name](user, obj)):
                accepted_names.add(t.name)
                record["made"].add(t.name)
        assert offered == accepted_names, (key, state, role, offered, accepted_names)
        # The declaration the page asks is the one the service obeys.
        assert workflow.action_names_for(obj, user) == accepted_names, (key, state, role)


# --- incidents -------------------------------------------------------------------------------
def test_incident_walk(client, users, walked):
    staf, kepala = users["staf"], users["kepala"]

    def make(state):
        incident = services.incident_open(actor=staf, title=f"Insiden {state}", severity=3, owner=staf)
        if state in (Incident.Status.RESPONDING, Incident.Status.MONITORING):
            services.incident_change_status(actor=staf, incident=incident, status=state)
        elif state == Incident.Status.RESOLVED:
            services.incident_resolve(
                actor=kepala, incident=incident, what_happened="a", what_worked="b", follow_ups="c"
            )
        incident.refresh_from_db()
        assert incident.status == state
        return incident

    def page(user, incident):
        html = _page(client, user, reverse("staff_crises:detail", args=[incident.pk]))
        names = offered_in_html(html)
        for target in _status_options(html, 'data-testid="status-form"'):
            names.add(transition_to(INCIDENT_WORKFLOW, incident, target))
        return names

    calls = {
        "respond": lambda user, i: services.incident_change_status(
            actor=user, incident=i, status="responding"
        ),
        "monitor": lambda user, i: services.incident_change_status(
            actor=user, incident=i, status="monitoring"
        ),
        "resolve": lambda user, i: services.incident_resolve(
            actor=user, incident=i, what_happened="Banjir", what_worked="Cepat", follow_ups="Tanggul"
        ),
    }
    for state in Incident.Status.values:
        _compare("incident", make(state), client, users, walked, page=page, calls=calls)
    _assert_complete("incident", walked)


# --- holding statements ----------------------------------------------------------------------
@pytest.fixture
def crisis_list(db):
    from contacts.models import ContactList, Journalist

    contact_list = ContactList.objects.create(name="Media krisis")
    contact_list.members.add(Journalist.objects.create(name="Rudi", email="rudi@radar.example.id"))
    return contact_list


# Who drafts, who edits, who approves on the way to the state: in the second scenario the
# drafter and the editor both hold an approver's role (Sekretaris Pers).
STATEMENT_SCENARIOS = [("staf", None, "sekretaris"), ("sekretaris", "sekretaris2", "kepala")]


def test_statement_walk(client, users, walked, crisis_list, open_incident):
    incident = open_incident(title="Banjir Sukamaju", severity=2)

    def make(state, drafter, editor, approver):
        statement = services.statement_draft(
            actor=users[drafter], incident=incident, title="Pernyataan banjir", body="<p>Posko dibuka.</p>"
        )
        if editor:
            services.statement_update(
                actor=users[editor], statement=statement, title=statement.title, body="<p>Tiga posko.</p>"
            )
        if state in (Statement.Status.APPROVED, Statement.Status.PUBLISHED):
            services.statement_approve(actor=users[approver], statement=statement)
        if state == Statement.Status.PUBLISHED:
            services.statement_release(actor=users[approver], statement=statement, publish=True)
        statement.refresh_from_db()
        assert statement.status == state
        return statement

    def page(user, statement):
        return offered_in_html(
            _page(client, user, reverse("staff_crises:statement_detail", args=[statement.pk]))
        )

    def release(user, statement):
        statement.refresh_from_db()
        if not statement.is_public:
            return services.statement_release(actor=user, statement=statement, publish=True)
        return services.statement_release(actor=user, statement=statement, contact_list=crisis_list)

    calls = {
        "edit": lambda user, s: services.statement_update(
            actor=user, statement=s, title="Pernyataan banjir", body="<p>Empat posko.</p>"
        ),
        "approve": lambda user, s: services.statement_approve(actor=user, statement=s),
        "reject": lambda user, s: services.statement_reject(
            actor=user, statement=s, comment="Perbarui angka."
        ),
        "release": release,
    }
    for drafter, editor, approver in STATEMENT_SCENARIOS:
        for state in Statement.Status.values:
            statement = make(state, drafter, editor, approver)
            _compare("statement", statement, client, users, walked, page=page, calls=calls)
    _assert_complete("statement", walked)


# --- statement templates ---------------------------------------------------------------------
TEMPLATE_SCENARIOS = [("staf", None), ("sekretaris", "sekretaris2")]


def test_template_walk(client, users, walked):
    def make(state, author, editor, overdue=False):
        template = services.template_create(
            actor=users[author], title="Siaga banjir", scenario="natural_disaster", body="<p>Isi</p>"
        )
        if editor:
            services.template_update(
                actor=users[editor],
                template=template,
                title="Siaga banjir",
                scenario="natural_disaster",
                body="<p>Isi baru</p>",
            )
        if state == StatementTemplate.Status.APPROVED:
            services.template_approve(actor=users["kepala"], template=template)
            if overdue:
                # Past its review date: approved, but to be approved again before use.
                StatementTemplate.objects.filter(pk=template.pk).update(
                    review_date=timezone.localdate() - timedelta(days=1)
                )
        template.refresh_from_db()
        assert template.status == state
        return template

    def page(user, template):
        return offered_in_html(
            _page(client, user, reverse("staff_crises:template_detail", args=[template.pk]))
        )

    calls = {
        "edit": lambda user, t: services.template_update(
            actor=user, template=t, title="Siaga banjir", scenario="natural_disaster", body="<p>Lagi</p>"
        ),
        "approve": lambda user, t: services.template_approve(
            actor=user, template=t, review_date=timezone.localdate() + timedelta(days=30)
        ),
    }
    for author, editor in TEMPLATE_SCENARIOS:
        for state, overdue in (("draft", False), ("approved", False), ("approved", True)):
            template = make(state, author, editor, overdue)
            _compare("template", template, client, users, walked, page=page, calls=calls)
    _assert_complete("template", walked)


# --- media inquiries -------------------------------------------------------------------------
def test_inquiry_walk(client, users, walked):
    staf = users["staf"]

    def make(state):
        data = {"journalist_name": "Rudi", "question": "Berapa pengungsi?", "status": state}
        if state == MediaInquiry.Status.ANSWERED:
            data["answer"] = "Seribu dua ratus."
        return services.inquiry_create(actor=staf, data=data)

    def page(user, inquiry):
        html = _page(client, user, reverse("staff_crises:inquiry_edit", args=[inquiry.pk]))
        return {
            transition_to(INQUIRY_WORKFLOW, inquiry, target)
            for target in _status_options(html, "<form")
            if target != inquiry.status
        }

    def move(target):
        def call(user, inquiry):
            data = {
                "journalist_name": "Rudi",
                "question": "Berapa pengungsi?",
                "answer": "Seribu dua ratus.",
                "status": target,
            }
            return services.inquiry_update(actor=user, inquiry=inquiry, data=data)

        return call

    calls = {
        "start": move("in_progress"),
        "answer": move("answered"),
        "decline": move("declined"),
        "reopen": move("in_progress"),
    }
    for state in MediaInquiry.Status.values:
        _compare("inquiry", make(state), client, users, walked, page=page, calls=calls)
    _assert_complete("inquiry", walked)
