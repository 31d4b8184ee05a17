from datetime import timedelta

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, Invitation
from kernel.models import AuditEntry
from kernel.refusal import Refusal
from tests.conferences.helpers import open_the_door
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


# --- links in invitations already sent (made before kernel.links) ---------------------------
def _legacy_rsvp_token(invitation):
    """Exactly what conferences/tokens.py made before the kernel: {"i": id}, uncompressed."""
    from django.core import signing

    return signing.dumps({"i": invitation.pk}, salt="conferences.rsvp.v1")


def _legacy_checkin_code(invitation):
    from django.core import signing

    return signing.Signer(salt="conferences.checkin.v1").sign(f"HUMAS-{invitation.pk}")


def test_an_rsvp_link_made_the_old_way_still_opens_and_answers(client, invited):
    conference, invitations = invited
    token = _legacy_rsvp_token(invitations[0])
    assert token != rsvp_token_make(invitations[0])  # the new format differs...
    assert rsvp_token_read(token) == invitations[0].pk  # ...and the old one is still read
    path = f"/konferensi-pers/rsvp/{token}/"
    response = client.get(path)
    assert response.status_code == 200 and conference.title in response.content.decode()
    assert client.get(path + "acara.ics").status_code == 200
    client.post(path, {"answer": "maybe"})
    invitations[0].refresh_from_db()
    assert invitations[0].answer == "maybe"


def test_a_check_in_code_made_the_old_way_still_checks_in(invited, staf):
    from conferences.models import Attendance
    from tests.conftest import HumasClient

    conference, invitations = invited
    conference = open_the_door(conference)
    code = _legacy_checkin_code(invitations[1])
    assert code == checkin_code_make(invitations[1])  # same salt, same prefix: the same code
    assert checkin_code_read(code) == invitations[1].pk
    client = HumasClient()
    client.force_login(staf)
    response = client.post(f"/staf/konferensi/{conference.pk}/checkin/kode/", {"code": code}, follow=True)
    assert "Citra Lestari tercatat hadir" in response.content.decode()
    assert Attendance.objects.filter(conference=conference, journalist=invitations[1].journalist).exists()


def test_a_link_whose_invitation_is_gone_shows_the_calm_page(client, invited, kepala):
    """Deleted invitation, erased journalist (UU PDP): the link is refused with the kernel's calm
    page, which names nobody (the old code answered a bare 404, or showed the erased invitation)."""
    from contacts.services import journalist_erase

    conference, invitations = invited
    gone, erased = invitations[0], invitations[1]
    gone_path, erased_path = rsvp_path(gone), f"/konferensi-pers/rsvp/{_legacy_rsvp_token(erased)}/"
    gone.delete()
    journalist_erase(actor=kepala, journalist=erased.journalist, reason="Permintaan penghapusan data")
    for path in (gone_path, erased_path):
        for response in (
            client.get(path),
            client.post(path, {"answer": "yes"}),
            client.get(path + "acara.ics"),
        ):
            assert response.status_code == 410
            body = response.content.decode()
            assert "Tautan tidak berlaku lagi" in body
            assert conference.title not in body and "Budi" not in body and "Citra" not in body
    assert not Invitation.objects.exclude(answer="").exists()
    # A tampered link gets the calm page too, with 404 (it never was a link of ours).
    response = client.get(gone_path[:-3] + "zz/")
    assert response.status_code == 404 and "Tautan tidak dapat digunakan" in response.content.decode()
