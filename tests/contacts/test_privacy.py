"""UU PDP: unsubscribe links, do-not-contact, data-subject export and erasure, all audited."""

import csv
import io
import json

import pytest
from django.urls import reverse

from contacts import services
from contacts.models import ContactList, ContactListMembership, Journalist
from contacts.selectors import recipients_for
from contacts.tokens import unsubscribe_path, unsubscribe_token_make, unsubscribe_url
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_unsubscribe_path_and_url_name(make_journalist):
    from contacts.tokens import unsubscribe_token_read

    j = make_journalist()
    token = unsubscribe_token_make(j)
    assert reverse("contacts:unsubscribe", args=[token]) == f"/berhenti-langganan/{token}/"
    # Tokens carry a timestamp (the signer's), so compare the shape, not two tokens made apart.
    path = unsubscribe_path(j)
    assert path.startswith("/berhenti-langganan/") and path.endswith("/")
    assert unsubscribe_token_read(path.split("/")[2]) == j.pk == unsubscribe_token_read(token)
    assert unsubscribe_url(j).endswith("/berhenti-langganan/" + path.split("/")[2] + "/")


def test_get_shows_confirmation_and_changes_nothing(client, make_journalist):
    j = make_journalist()
    response = client.get(unsubscribe_path(j))
    assert response.status_code == 200
    assert "Ya, berhenti berlangganan" in response.content.decode()
    j.refresh_from_db()
    assert not j.do_not_contact


def test_post_form_opts_out_and_is_audited(make_journalist):
    from django.test import Client

    j = make_journalist()
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(j), {"confirm": "1"})
    assert response.status_code == 200 and "telah berhenti berlangganan" in response.content.decode()
    j.refresh_from_db()
    assert j.do_not_contact and j.opted_out_at is not None
    entry = AuditEntry.objects.get(action="contacts.journalist.opt_out")
    assert entry.actor_repr == "public:unsubscribe" and entry.object_id == str(j.pk)
    assert list(recipients_for(journalists=[j])) == []
    # A second click changes nothing and logs nothing.
    client.post(unsubscribe_path(j), {"confirm": "1"})
    assert AuditEntry.objects.filter(action="contacts.journalist.opt_out").count() == 1


def test_rfc8058_one_click_without_csrf(make_journalist):
    from django.test import Client

    j = make_journalist()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(j), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    j.refresh_from_db()
    assert j.do_not_contact
    assert AuditEntry.objects.get(action="contacts.journalist.opt_out").data["source"] == "one_click"


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), lambda t: "x" + t, lambda t: "abc"]
)
def test_tampered_token_refused(client, make_journalist, mangle):
    j = make_journalist()
    token = mangle(unsubscribe_token_make(j))
    assert client.get(f"/berhenti-langganan/{token}/").status_code == 404
    response = client.post(f"/berhenti-langganan/{token}/", {"confirm": "1"})
    assert response.status_code == 404 and "tidak valid" in response.content.decode()
    j.refresh_from_db()
    assert not j.do_not_contact


def test_token_for_other_salt_refused(client, make_journalist):
    from django.core import signing

    j = make_journalist()
    forged = signing.dumps({"j": j.pk}, salt="other", compress=True)
    assert client.post(f"/berhenti-langganan/{forged}/", {"confirm": "1"}).status_code == 404


def test_staff_flag_and_lift(client, staf, make_journalist):
    j = make_journalist()
    client.force_login(staf)
    # A staff flag needs a reason.
    client.post(reverse("staff_contacts:journalist_contact_flag", args=[j.pk]), {"flag": "on"})
    j.refresh_from_db()
    assert not j.do_not_contact
    client.post(
        reverse("staff_contacts:journalist_contact_flag", args=[j.pk]),
        {"flag": "on", "reason": "Redaksi minta lewat telepon"},
    )
    j.refresh_from_db()
    assert j.do_not_contact and j.opt_out_by == "staff" and j.do_not_contact_set_by == staf
    page = client.get(j.get_absolute_url()).content.decode()
    assert "ditandai jangan dihubungi oleh" in page and "Redaksi minta lewat telepon" in page
    client.post(reverse("staff_contacts:journalist_contact_flag", args=[j.pk]), {"flag": "off"})
    j.refresh_from_db()
    assert not j.do_not_contact and j.opted_out_at is None
    assert (
        AuditEntry.objects.filter(
            action__in=["contacts.journalist.opt_out", "contacts.journalist.opt_in"]
        ).count()
        == 2
    )


def test_subject_export_json_and_csv(client, sekretaris, make_journalist, outlet):
    j = make_journalist(
        name="Rina Wulan", email="rina@x.example", outlet=outlet, consent_source="Akreditasi 2026"
    )
    cl = ContactList.objects.create(name="Desk Ekonomi")
    ContactListMembership.objects.create(contact_list=cl, journalist=j)
    client.force_login(sekretaris)
    response = client.post(reverse("staff_contacts:journalist_subject_export", args=[j.pk, "json"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["journalist"]["email"] == "rina@x.example"
    assert data["journalist"]["consent_source"] == "Akreditasi 2026"
    assert data["outlet"]["name"] == "Harian Nusantara"
    assert data["contact_lists"][0]["list"] == "Desk Ekonomi"
    response = client.post(reverse("staff_contacts:journalist_subject_export", args=[j.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["journalist", "1", "email", "rina@x.example"] in rows
    assert AuditEntry.objects.filter(action="contacts.journalist.subject_export").count() == 2


def test_staf_can_not_erase_or_export_subject(client, staf, make_journalist):
    j = make_journalist()
    client.force_login(staf)
    assert client.get(reverse("staff_contacts:journalist_privacy", args=[j.pk])).status_code == 404
    assert (
        client.post(reverse("staff_contacts:journalist_subject_export", args=[j.pk, "json"])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("staff_contacts:journalist_privacy", args=[j.pk]), {"reason": "x", "confirm": "on"}
        ).status_code
        == 404
    )
    j.refresh_from_db()
    assert j.erased_at is None


@pytest.mark.parametrize("role_fixture", ["kepala", "sekretaris"])
def test_erasure(client, request, make_journalist, outlet, role_fixture):
    user = request.getfixturevalue(role_fixture)
    j = make_journalist(
        name="Hapus Saya",
        email="hapus@x.example",
        phone="+6281234567890",
        outlet=outlet,
        beat="Hukum",
        notes="Suka kopi",
        consent_source="Kartu nama",
    )
    cl = ContactList.objects.create(name="L")
    ContactListMembership.objects.create(contact_list=cl, journalist=j)
    services.journalist_save(actor=user, data={"beat": "Politik"}, journalist=j)
    client.force_login(user)
    url = reverse("staff_contacts:journalist_privacy", args=[j.pk])
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 200
    j.refresh_from_db()
    assert j.erased_at is None  # a reason is required
    response = client.post(url, {"reason": "Surat permintaan subjek data no. 12/2026", "confirm": "on"})
    assert response.status_code == 302
    pk = j.pk
    j = Journalist.objects.get(pk=pk)
    assert j.erased_at is not None and j.do_not_contact
    assert j.email == f"dihapus-{pk}@invalid.example"
    assert (j.name, str(j.phone or ""), j.outlet, j.beat, j.notes, j.consent_source) == (
        "[dihapus]",
        "",
        None,
        "",
        "",
        "",
    )
    assert not ContactListMembership.objects.filter(journalist_id=pk).exists()
    assert list(recipients_for(lists=[cl], journalists=[j])) == []
    erase = AuditEntry.objects.get(action="contacts.journalist.erase")
    assert erase.data["reason"].startswith("Surat")
    # Earlier audit entries no longer name the person.
    assert not AuditEntry.objects.filter(object_repr__icontains="hapus@x.example").exists()
    assert not AuditEntry.objects.filter(object_repr__icontains="Hapus Saya").exists()
    # Erased contacts can not be edited back to life.
    assert client.get(reverse("staff_contacts:journalist_edit", args=[pk])).status_code == 404


def test_erasure_keeps_rows_pointing_at_the_journalist(make_journalist, kepala):
    """Delivery rows (distribution app) keep pointing at the same pk: the row is not deleted."""
    j = make_journalist()
    pk = j.pk
    services.journalist_erase(actor=kepala, journalist=j, reason="permintaan")
    assert Journalist.objects.filter(pk=pk).exists()


def test_unsubscribe_link_made_the_old_way_still_works(make_journalist):
    """Links in mails sent before kernel.links: {"j": id} under the same salt."""
    from django.core import signing
    from django.test import Client

    j = make_journalist()
    old = signing.dumps({"j": j.pk}, salt="contacts.unsubscribe.v1", compress=True)
    response = Client(enforce_csrf_checks=True).post(f"/berhenti-langganan/{old}/", {"confirm": "1"})
    assert response.status_code == 200 and "telah berhenti berlangganan" in response.content.decode()
    j.refresh_from_db()
    assert j.do_not_contact


def test_erased_persons_link_shows_the_calm_page(client, kepala, make_journalist):
    j = make_journalist(name="Sri Rahayu")
    path = unsubscribe_path(j)
    services.journalist_erase(actor=kepala, journalist=j, reason="Permintaan subjek data")
    for response in (client.get(path), client.post(path, {"confirm": "1"})):
        body = response.content.decode()
        assert response.status_code == 410
        assert "Tautan tidak berlaku lagi" in body and "Sri Rahayu" not in body
    assert not AuditEntry.objects.filter(action="contacts.journalist.opt_out").exists()
