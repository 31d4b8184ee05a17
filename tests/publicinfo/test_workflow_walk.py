"""Walks the declared public-document workflow (publicinfo.workflows): for every state × role, the
moves the staff page offers (its buttons, and the context it draws them from) are exactly the
moves the services accept. Each service call runs in an atomic block that is rolled back."""

import pytest

from publicinfo import services
from publicinfo.models import PublicDocument
from publicinfo.workflows import DOCUMENT_WORKFLOW
from tests.conftest import HumasClient
from tests.workflow_walk import offered_in_html, service_accepts

from .factories import make_document

pytestmark = pytest.mark.django_db


def _offered(user, document):
    client = HumasClient()
    client.force_login(user)
    response = client.get(f"/staf/informasi-publik/{document.pk}/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    buttons = offered_in_html(response.content.decode())
    assert buttons == set(response.context["actions"])
    return buttons


def test_offered_moves_are_exactly_the_accepted_moves(kepala, sekretaris, staf, ppid):
    declared = {t.name for t in DOCUMENT_WORKFLOW.transitions}
    walked = {name: set() for name in declared}
    for state in PublicDocument.Status.values:
        document = make_document(actor=ppid, title=f"Dokumen {state}", publish=state == "published")
        assert document.status == state
        for user in (kepala, sekretaris, staf, ppid):
            calls = {
                "publish": lambda u=user, d=document: services.document_publish(actor=u, document=d),
                "unpublish": lambda u=user, d=document: services.document_unpublish(actor=u, document=d),
            }
            assert set(calls) == declared
            accepted = {name for name, call in calls.items() if service_accepts(call)}
            assert _offered(user, document) == accepted, (state, user.username)
            for name in accepted:
                walked[name].add((state, user.username))
            document.refresh_from_db()
            assert document.status == state
    for t in DOCUMENT_WORKFLOW.transitions:
        assert {state for state, _user in walked[t.name]} == set(t.source), t.name
        assert {user for _state, user in walked[t.name]} == {"kepala_uji", "ppid_uji"}


def test_publish_and_unpublish_bump_the_public_cache_after_commit(ppid, django_capture_on_commit_callbacks):
    from kernel.pagecache import public_cache_version

    document = make_document(actor=ppid, publish=False)
    before = public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_publish(actor=ppid, document=document)
    middle = public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_unpublish(actor=ppid, document=document)
    assert before < middle < public_cache_version()
