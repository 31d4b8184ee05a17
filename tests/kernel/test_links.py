from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import RequestFactory
from django.utils import timezone

from kernel import links
from kernel.models import Notification

pytestmark = pytest.mark.django_db

links.link_purpose_register(
    "test.note",
    salt="test.note.v1",
    url_name="public:home",  # any URL name; these tests never open it
    max_age=3600,
    legacy_key="n",
    resolve=lambda pk: Notification.objects.filter(pk=pk).first(),
    code_prefix="T-",
)
links.link_purpose_register("test.other", salt="test.other.v1")


@pytest.fixture
def note():
    return Notification.objects.create(kind="t", to_address="a@example.go.id", subject="S", body="b")


def test_round_trip_and_object(note):
    token = links.link_token("test.note", note.pk, lang="id")
    link = links.link_read("test.note", token)
    assert (link.pk, link.obj, link.extra) == (note.pk, note, {"lang": "id"})


def test_tampered_foreign_purpose_and_garbage_are_invalid(note):
    token = links.link_token("test.note", note.pk)
    for bad in [token[:-2] + "xx", links.link_token("test.other", note.pk), "", "a" * 5000, "\x00:"]:
        with pytest.raises(links.LinkInvalid):
            links.link_read("test.note", bad)


def test_expired_and_gone(note):
    token = links.link_token("test.note", note.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=2)), pytest.raises(links.LinkExpired):
        links.link_read("test.note", token)
    note.delete()
    with pytest.raises(links.LinkGone):
        links.link_read("test.note", token)


def test_links_made_before_the_kernel_keep_working(note):
    legacy = signing.dumps({"n": note.pk}, salt="test.note.v1", compress=True)
    assert links.link_read("test.note", legacy).obj == note


def test_short_codes(note):
    code = links.link_code("test.note", note.pk)
    assert code.startswith(f"T-{note.pk}:")
    assert links.link_code_read("test.note", code) == note.pk
    assert links.link_code_read("test.note", code + "x") is None
    assert links.link_code_read("test.other", code) is None


def test_problem_page_is_calm_and_names_nobody(note):
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = links.link_problem_response(request, links.LinkGone())
    body = response.content.decode()
    assert response.status_code == 410
    assert "tidak berlaku lagi" in body and "a@example.go.id" not in body and "Traceback" not in body
