"""Several addresses per journalist and merging duplicates (issue 17): the history of both kept,
audited; a merged duplicate is never contacted or chosen again; erasure takes everything."""

import pytest
from django.urls import reverse

from contacts import services
from contacts.models import ContactList, Journalist, JournalistContactPoint
from contacts.selectors import journalist_duplicate_candidates, recipients_for
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def test_contact_points_are_normalised_and_audited(staf, make_journalist):
    j = make_journalist()
    services.contact_point_add(actor=staf, journalist=j, kind="email", value=" Budi.Pribadi@Mail.example ")
    services.contact_point_add(actor=staf, journalist=j, kind="phone", value="0812-3456-7890", label="WA")
    services.contact_point_add(actor=staf, journalist=j, kind="social", value="@budi_jurnalis", label="X")
    # the same address twice is one point
    services.contact_point_add(actor=staf, journalist=j, kind="email", value="budi.pribadi@mail.example")
    values = sorted(j.contact_points.values_list("kind", "value"))
    assert values == [
        ("email", "budi.pribadi@mail.example"),
        ("phone", "+6281234567890"),
        ("social", "@budi_jurnalis"),
    ]
    with pytest.raises(Refusal):
        services.contact_point_add(actor=staf, journalist=j, kind="phone", value="0841 111")
    assert AuditEntry.objects.filter(action="contacts.journalist.contact_point_add").count() == 3


def test_merge_keeps_both_histories_and_never_contacts_the_duplicate(staf, make_journalist):
    keep = make_journalist(name="Budi Santoso", email="budi@kompas.example")
    dup = make_journalist(
        name="Budi Santoso", email="budi.s@gmail.example", phone="+6281234567890", beat="Politik"
    )
    lst = ContactList.objects.create(name="Politik & Hukum")
    services.contact_list_add(actor=staf, contact_list=lst, journalist_ids=[dup.pk])
    assert journalist_duplicate_candidates(keep) == [dup]
    services.journalist_merge(actor=staf, keep=keep, duplicate=dup)
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert dup.merged_into == keep and dup.do_not_contact
    assert list(lst.members.all()) == [keep]
    assert ("email", "budi.s@gmail.example") in set(keep.contact_points.values_list("kind", "value"))
    assert str(keep.phone) == "+6281234567890" and keep.beat == "Politik"  # empty fields filled
    assert list(recipients_for(lists=[lst])) == [keep]
    assert AuditEntry.objects.filter(action="contacts.journalist.merge", object_id=str(keep.pk)).exists()
    assert AuditEntry.objects.filter(action="contacts.journalist.merged_into", object_id=str(dup.pk)).exists()
    with pytest.raises(Refusal):
        services.journalist_merge(actor=staf, keep=keep, duplicate=dup)


def test_an_import_of_a_merged_address_updates_the_kept_record(staf, make_journalist, upload, media_root):
    keep = make_journalist(email="a@x.example")
    dup = make_journalist(email="b@x.example")
    services.journalist_merge(actor=staf, keep=keep, duplicate=dup)
    imp = services.contact_import_create(
        actor=staf, upload=upload("nama,email,desk\nB baru,b@x.example,Hukum\n"), on_duplicate="update"
    )
    services.contact_import_start_validation(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    services.contact_import_commit(actor=staf, contact_import=imp)
    keep.refresh_from_db()
    assert keep.beat == "Hukum" and Journalist.objects.count() == 2


def test_erasure_takes_contact_points_and_merged_duplicates(sekretaris, staf, make_journalist):
    keep = make_journalist(name="Rina", email="rina@x.example")
    dup = make_journalist(name="Rina W", email="rina.w@x.example")
    services.contact_point_add(actor=staf, journalist=keep, kind="social", value="@rina_w")
    services.journalist_merge(actor=staf, keep=keep, duplicate=dup)
    services.journalist_erase(actor=sekretaris, journalist=keep, reason="permintaan subjek")
    assert not JournalistContactPoint.objects.exists()
    dup.refresh_from_db()
    assert dup.erased_at is not None and "rina" not in dup.email
    from contacts.suppression import suppressed_entry

    assert suppressed_entry("rina.w@x.example") is not None


def test_merge_pages(client, staf, make_journalist):
    keep = make_journalist(name="Dewi", email="dewi@x.example")
    dup = make_journalist(name="Dewi", email="dewi2@x.example")
    client.force_login(staf)
    detail = client.get(keep.get_absolute_url()).content.decode()
    assert 'data-testid="duplicates"' in detail and "dewi2@x.example" in detail
    url = reverse("staff_contacts:journalist_merge", args=[keep.pk])
    compare = client.get(url, {"duplicate": dup.pk})
    assert compare.status_code == 200 and 'data-testid="merge-compare"' in compare.content.decode()
    assert not Journalist.objects.filter(merged_into=keep).exists()  # a GET changes nothing
    response = client.post(url, {"duplicate": dup.pk, "confirm": "1"})
    assert response.status_code == 302
    dup.refresh_from_db()
    assert dup.merged_into == keep
    assert 'data-testid="merged-into"' in client.get(dup.get_absolute_url()).content.decode()
    # The merged duplicate is out of the contact list.
    listing = client.get(reverse("staff_contacts:journalist_list")).content.decode()
    assert "dewi2@x.example" not in listing


def test_merge_needs_permission(client, make_user, make_journalist):
    keep = make_journalist()
    dup = make_journalist()
    client.force_login(make_user("tamu"))
    url = reverse("staff_contacts:journalist_merge", args=[keep.pk])
    assert client.post(url, {"duplicate": dup.pk, "confirm": "1"}).status_code == 404
