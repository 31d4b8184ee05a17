"""Issue 22: the suppression list (erased and unsubscribed addresses as keyed hashes), consent
that belongs to the person (only the journalist undoes their own unsubscribe), and the readable
data-subject document."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import ContactImport, Journalist, SuppressedAddress
from contacts.suppression import address_digest
from kernel.models import AuditEntry, Notification
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db

EMAIL = "Sri.Rahayu@Koran.example.id"
TODAY = timezone.localdate()
EVIDENCE = {"source": "Formulir akreditasi 2027", "date": TODAY, "document": "Surat no. 7/2027"}


def _import(actor, upload, content, **kwargs):
    imp = services.contact_import_create(actor=actor, upload=upload(content), on_duplicate="skip", **kwargs)
    services.contact_import_start_validation(actor=actor, contact_import=imp)
    imp.refresh_from_db()
    return imp


@pytest.fixture
def erased_address(kepala, make_journalist):
    j = make_journalist(name="Sri Rahayu", email=EMAIL.lower())
    services.journalist_erase(actor=kepala, journalist=j, reason="Permintaan subjek data")
    return EMAIL


def test_the_list_keeps_a_keyed_hash_not_the_address(erased_address):
    entry = SuppressedAddress.objects.get()
    assert entry.reason == "erased" and entry.digest == address_digest(" sri.rahayu@koran.example.id ")
    assert "sri" not in entry.digest and len(entry.digest) == 64
    # Keyed: a plain SHA-256 of the address is not what is stored.
    import hashlib

    assert entry.digest != hashlib.sha256(b"sri.rahayu@koran.example.id").hexdigest()


def test_erased_address_reimported_is_flagged_and_skipped(staf, upload, media_root, erased_address):
    imp = _import(staf, upload, f"nama,email\nSri Rahayu,{EMAIL}\nBudi,budi@x.example\n")
    assert imp.status == ContactImport.Status.VALIDATED and imp.can_commit
    flagged = [r for r in imp.report if "pernah dihapus" in r["message"]]
    assert len(flagged) == 1 and flagged[0]["row"] == 2 and flagged[0]["level"] == "warning"
    assert "bukti persetujuan baru" in flagged[0]["message"]
    assert EMAIL.lower() not in str(imp.report).lower()
    imp = services.contact_import_commit(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    assert imp.status == "done" and imp.created_count == 1 and imp.skipped_count == 1
    assert not Journalist.objects.filter(email__iexact=EMAIL).exists()
    assert SuppressedAddress.objects.get().overridden_at is None


def test_erased_address_with_fresh_consent_evidence_imports(staf, upload, media_root, erased_address):
    imp = _import(staf, upload, f"nama,email\nSri Rahayu,{EMAIL}\n", consent_evidence=EVIDENCE)
    assert any("diimpor karena ada bukti persetujuan baru" in r["message"] for r in imp.report)
    imp = services.contact_import_commit(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    assert imp.status == "done" and imp.created_count == 1
    j = Journalist.objects.get(email__iexact=EMAIL)
    assert (j.consent_source, j.consent_date, j.lawful_basis) == (EVIDENCE["source"], TODAY, "consent")
    assert SuppressedAddress.objects.get().overridden_at is not None
    entry = AuditEntry.objects.get(action="contacts.suppression.override")
    assert entry.data["via"] == "import" and entry.data["consent_document"] == "Surat no. 7/2027"
    assert EMAIL.lower() not in str(entry.data).lower()


def test_stale_evidence_does_not_count(staf, upload, media_root, erased_address):
    old = {**EVIDENCE, "date": TODAY - datetime.timedelta(days=400)}
    imp = _import(staf, upload, f"nama,email\nSri Rahayu,{EMAIL}\n", consent_evidence=old)
    assert imp.created_count == 0 and imp.skipped_count == 1


def test_manual_add_of_suppressed_address(client, staf, erased_address):
    client.force_login(staf)
    url = reverse("staff_contacts:journalist_create")
    data = {"name": "Sri Rahayu", "email": EMAIL, "language": "id", "lawful_basis": "legitimate_interest"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "pernah dihapus atas permintaannya" in response.content.decode()
    assert not Journalist.objects.filter(email__iexact=EMAIL).exists()
    # Half the evidence is not evidence.
    response = client.post(url, {**data, "consent_evidence_source": "Formulir"})
    assert response.status_code == 200 and "harus lengkap" in response.content.decode()
    response = client.post(
        url,
        {
            **data,
            "consent_evidence_source": EVIDENCE["source"],
            "consent_evidence_date": TODAY.isoformat(),
            "consent_evidence_document": EVIDENCE["document"],
        },
    )
    assert response.status_code == 302
    j = Journalist.objects.get(email__iexact=EMAIL)
    assert j.consent_source == EVIDENCE["source"] and j.lawful_basis == "consent"
    assert AuditEntry.objects.get(action="contacts.suppression.override").data["via"] == "manual"
    assert SuppressedAddress.objects.get().overridden_at is not None


def test_unsubscribed_address_is_suppressed_too(staf, make_journalist, upload, media_root):
    j = make_journalist(email="dina@x.example")
    services.journalist_opt_out(journalist_id=j.pk)
    assert SuppressedAddress.objects.get().reason == "unsubscribed"
    # The contact still exists (the address is that row's); a second row under another case
    # would be refused by uniqueness anyway, so the service is asked directly.
    j.delete()
    with pytest.raises(Refusal) as exc:
        services.journalist_save(actor=staf, data={"name": "Dina", "email": "DINA@x.example"})
    assert exc.value.code == "suppressed" and "berhenti berlangganan" in exc.value.message


# --- consent belongs to the person ------------------------------------------------------------
def test_staff_can_not_lift_a_journalists_own_unsubscribe(client, staf, make_journalist):
    j = make_journalist()
    services.journalist_opt_out(journalist_id=j.pk)  # the journalist's own click
    client.force_login(staf)
    client.post(reverse("staff_contacts:journalist_contact_flag", args=[j.pk]), {"flag": "off"}, follow=True)
    j.refresh_from_db()
    assert j.do_not_contact and j.opt_out_by == "journalist"
    with pytest.raises(Refusal) as exc:
        services.journalist_opt_in(actor=staf, journalist=j)
    assert exc.value.code == "journalist_consent"
    assert not AuditEntry.objects.filter(action="contacts.journalist.opt_in").exists()
    page = client.get(j.get_absolute_url()).content.decode()
    assert "wartawan sendiri berhenti berlangganan pada" in page
    assert "Kirim konfirmasi berlangganan kembali" in page


def test_journalists_unsubscribe_takes_over_a_staff_flag(staf, make_journalist):
    j = make_journalist()
    services.journalist_opt_out(journalist_id=j.pk, actor=staf, source="staff", reason="Cuti panjang")
    services.journalist_opt_out(journalist_id=j.pk)
    j.refresh_from_db()
    assert j.opt_out_by == "journalist" and j.do_not_contact_reason == ""
    with pytest.raises(Refusal):
        services.journalist_opt_in(actor=staf, journalist=j)


def test_resubscribe_only_by_the_journalist_through_the_mailed_link(client, staf, make_journalist):
    from django.test import Client

    j = make_journalist(name="Yuni", email="yuni@x.example")
    services.journalist_opt_out(journalist_id=j.pk)
    client.force_login(staf)
    client.post(reverse("staff_contacts:journalist_contact_flag", args=[j.pk]), {"flag": "resubscribe"})
    j.refresh_from_db()
    assert j.do_not_contact  # sending the confirmation changes nothing
    note = Notification.objects.get(kind="contacts.resubscribe")
    assert note.to_address == "yuni@x.example"
    path = re.search(r"https?://[^/\s]+(/berlangganan-kembali/[^\s]+/)", note.body).group(1)
    public = Client()
    assert public.get(path).status_code == 200
    j.refresh_from_db()
    assert j.do_not_contact  # a GET (a mail scanner) changes nothing
    # A forged or another purpose's token is refused.
    forged = signing.dumps({"id": j.pk, "o": 0}, salt="contacts.unsubscribe.v1", compress=True)
    assert public.post(f"/berlangganan-kembali/{forged}/", {"confirm": "1"}).status_code == 404
    response = public.post(path, {"confirm": "1"})
    assert response.status_code == 200 and "berlangganan kembali" in response.content.decode().lower()
    j.refresh_from_db()
    assert not j.do_not_contact and j.lawful_basis == "consent"
    assert not SuppressedAddress.objects.exists()
    entry = AuditEntry.objects.get(action="contacts.journalist.opt_in")
    assert entry.actor_repr == "public:resubscribe" and entry.data["source"] == "resubscribe_link"


def test_resubscribe_link_expires_and_is_bound_to_one_unsubscribe(staf, make_journalist):
    from django.test import Client

    from contacts.links import RESUBSCRIBE
    from kernel.links import link_path, link_purpose

    assert link_purpose(RESUBSCRIBE).max_age == 7 * 24 * 3600
    j = make_journalist()
    services.journalist_opt_out(journalist_id=j.pk)
    j.refresh_from_db()
    stale = link_path(RESUBSCRIBE, j.pk, o=int(j.opted_out_at.timestamp()) - 3600)
    response = Client().post(stale, {"confirm": "1"})
    assert response.status_code == 410
    j.refresh_from_db()
    assert j.do_not_contact


def test_staff_flag_needs_a_reason(staf, make_journalist):
    j = make_journalist()
    with pytest.raises(Refusal) as exc:
        services.journalist_opt_out(journalist_id=j.pk, actor=staf, source="staff")
    assert exc.value.field == "reason"
    services.journalist_opt_out(journalist_id=j.pk, actor=staf, source="staff", reason="Pindah tugas")
    j.refresh_from_db()
    assert j.opt_out_by == "staff" and j.do_not_contact_reason == "Pindah tugas"
    assert not SuppressedAddress.objects.exists()  # a staff flag is not the person's opt-out
    services.journalist_opt_in(actor=staf, journalist=j)
    j.refresh_from_db()
    assert not j.do_not_contact


# --- the readable data-subject document ------------------------------------------------------
def test_subject_document_in_indonesian(client, sekretaris, staf, make_journalist, outlet):
    from conferences.models import Conference, Invitation
    from crises.models import MediaInquiry
    from distribution.models import Delivery, Distribution
    from kernel.selectors import organisation_profile_get

    j = make_journalist(name="Rina Wulan", email="rina@x.example", outlet=outlet, consent_source="Akreditasi")
    start = timezone.now() + datetime.timedelta(days=1)
    conf = Conference.objects.create(
        title="Taklimat Pajak",
        slug="taklimat-pajak",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    Invitation.objects.create(conference=conf, journalist=j, answer="yes")
    dist = Distribution.objects.create(source=conf, subject="Undangan Taklimat Pajak", status="completed")
    Delivery.objects.create(
        distribution=dist, journalist=j, email=j.email, status="sent", sent_at=timezone.now()
    )
    MediaInquiry.objects.create(journalist=j, question="Kapan tarif berlaku?", created_by=staf)
    client.force_login(sekretaris)
    url = reverse("staff_contacts:journalist_subject_export", args=[j.pk, "html"])
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    for text in (
        "Data pribadi Anda yang kami simpan",
        "Siapa kami",
        organisation_profile_get().name,
        "Mengapa, sejak kapan",
        "Kepentingan yang sah",
        "Akreditasi",
        "Undangan Taklimat Pajak",
        "Taklimat Pajak",
        "Kapan tarif berlaku?",
        "rina@x.example",
    ):
        assert text in body, text
    assert (
        f'method="post" action="{reverse("staff_contacts:journalist_subject_export", args=[j.pk, "json"])}'
        in body
    )
    assert AuditEntry.objects.get(action="contacts.journalist.subject_export").data["format"] == "html"
    privacy = client.get(reverse("staff_contacts:journalist_privacy", args=[j.pk])).content.decode()
    assert url in privacy
