from datetime import timedelta

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, Invitation
from kernel.models import AuditEntry
from kernel.refusal import Refusal
from tests.conferences.links import (
    checkin_code_make,
    checkin_code_read,
    rsvp_path,
    rsvp_token_make,
    rsvp_token_read,
)

pytestmark = pytest.mark.django_db


def test_token_round_trip_and_tampering_is_refused(invited):
    _conference, invitations = invited
    token = rsvp_token_make(invitations[0])
    assert rsvp_token_read(token) == invitations[0].pk
    # Change one character of the payload, then of the signature: both refused.
    tampered_payload = ("x" if token[0] != "x" else "y") + token[1:]
    tampered_sig = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert rsvp_token_read(tampered_payload) is None
    assert rsvp_token_read(tampered_sig) is None
    assert rsvp_token_read("") is None
    # A check-in code is not an RSVP token and vice versa (different salts).
    assert rsvp_token_read(checkin_code_make(invitations[0])) is None
    assert checkin_code_read(token) is None


def test_tampered_rsvp_link_is_404_and_writes_nothing(client, invited):
    _conference, invitations = invited
    token = rsvp_token_make(invitations[0])
    tampered = token[:-2] + ("zz" if token[-2:] != "zz" else "yy")
    assert client.get(f"/konferensi-pers/rsvp/{tampered}/").status_code == 404
    response = client.post(f"/konferensi-pers/rsvp/{tampered}/", {"answer": "yes"})
    assert response.status_code == 404
    # A well-formed token for an id that was never issued: also 404.
    from django.core import signing

    forged = signing.dumps({"i": invitations[0].pk}, salt="another-salt")
    assert client.post(f"/konferensi-pers/rsvp/{forged}/", {"answer": "yes"}).status_code == 404
    assert not Invitation.objects.exclude(answer="").exists()


def test_rsvp_page_shows_event_and_three_buttons_without_changing_anything(client, invited):
    conference, invitations = invited
    response = client.get(rsvp_path(invitations[0]) + "?jawaban=yes")
    assert response.status_code == 200
    body = response.content.decode()
    assert conference.title in body
    for label in ("Hadir", "Tidak hadir", "Mungkin"):
        assert f">{label}</button>" in body
    assert 'name="robots" content="noindex' in body
    assert "<svg" in body  # the check-in QR
    invitations[0].refresh_from_db()
    assert invitations[0].answer == ""  # GET (a mail scanner following the link) answers nothing


def test_changing_the_answer_keeps_one_answer(client, invited):
    conference, invitations = invited
    path = rsvp_path(invitations[0])
    for answer in ("yes", "maybe", "no", "yes"):
        response = client.post(path, {"answer": answer})
        assert response.status_code == 302
    assert Invitation.objects.filter(conference=conference, journalist=invitations[0].journalist).count() == 1
    invitations[0].refresh_from_db()
    assert invitations[0].answer == "yes"
    assert invitations[0].answered_at is not None
    page = client.get(path).content.decode()
    assert "Jawaban Anda saat ini" in page
    # Every change is in the audit log; the same answer twice is not a change.
    client.post(path, {"answer": "yes"})
    assert AuditEntry.objects.filter(action="conference.rsvp").count() == 4


def test_unknown_answer_is_refused_with_a_message(client, invited):
    _conference, invitations = invited
    response = client.post(rsvp_path(invitations[0]), {"answer": "perhaps"}, follow=True)
    assert "Jawaban tidak dikenal" in response.content.decode()
    invitations[0].refresh_from_db()
    assert invitations[0].answer == ""


def test_rsvp_closes_when_the_event_starts(client, invited):
    conference, invitations = invited
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(Refusal):
        services.rsvp_answer(invitation=invitations[0], answer="yes")
    response = client.post(rsvp_path(invitations[0]), {"answer": "yes"}, follow=True)
    assert "sudah ditutup" in response.content.decode()
    invitations[0].refresh_from_db()
    assert invitations[0].answer == ""


def test_rsvp_refused_after_cancellation(client, invited):
    conference, invitations = invited
    Conference.objects.filter(pk=conference.pk).update(
        status=Conference.Status.CANCELLED, status_note="Cuaca buruk"
    )
    response = client.post(rsvp_path(invitations[0]), {"answer": "yes"}, follow=True)
    body = response.content.decode()
    assert "DIBATALKAN" in body and "Cuaca buruk" in body
    invitations[0].refresh_from_db()
    assert invitations[0].answer == ""
