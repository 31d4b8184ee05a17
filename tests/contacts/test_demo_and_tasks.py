from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(kepala, sekretaris, staf, ppid):
    from contacts import demo
    from contacts.models import ContactList, Journalist
    from contacts.selectors import recipients_for
    from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

    users = {KEPALA: kepala, SEKRETARIS: sekretaris, STAF: staf, PPID: ppid}
    demo.seed(org=None, users=users, stdout=None)
    demo.seed(org=None, users=users, stdout=None)
    assert Journalist.objects.count() == 10
    assert str(Journalist.objects.get(email="budi.santoso@nusantarapos.example").phone) == "+6281234567801"
    balai = ContactList.objects.get(name="Wartawan Balai Kota")
    # The opted-out journalist on the list is never a recipient.
    assert balai.members.count() == 7
    assert recipients_for(lists=[balai]).count() == 6


def test_commit_without_snapshot_reads_the_file_again(staf, upload, media_root):
    from contacts import services
    from contacts.models import Journalist

    imp = services.contact_import_create(
        actor=staf, upload=upload("nama,email\nA,a@x.example\n"), on_duplicate="skip"
    )
    services.contact_import_start_validation(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    snapshot = services._snapshot_path(imp)
    assert snapshot.exists()
    snapshot.unlink()
    imp = services.contact_import_commit(actor=staf, contact_import=imp)
    assert imp.status == "done" and Journalist.objects.filter(email="a@x.example").exists()


def test_old_import_files_are_purged(staf, upload, media_root):
    from django.utils import timezone

    from contacts import services
    from contacts.models import ContactImport

    imp = services.contact_import_create(
        actor=staf, upload=upload("nama,email\nA,a@x.example\n"), on_duplicate="skip"
    )
    services.contact_import_start_validation(actor=staf, contact_import=imp)
    path = services.import_path(imp)
    assert path.exists()
    assert services.contact_import_files_purge(actor="system:beat") == 0
    later = timezone.now() + timezone.timedelta(days=8)
    assert services.contact_import_files_purge(actor="system:beat", now=later) == 1
    imp = ContactImport.objects.get(pk=imp.pk)
    assert not path.exists() and imp.stored_path == "" and imp.status == "failed"


def test_invalid_filter_values_never_500(client, staf, make_journalist):
    from django.urls import reverse

    make_journalist()
    client.force_login(staf)
    url = reverse("staff_contacts:journalist_list")
    for params in [
        {"page": "abc"},
        {"beat": "tidak-ada"},
        {"contact_list": "999999"},
        {"status": "x"},
        {"page": "-1"},
    ]:
        assert client.get(url, params).status_code == 200
    assert (
        client.post(
            reverse("staff_contacts:journalist_export")
            + "?"
            + urlencode({"format": "csv", "contact_list": "x"})
        ).status_code
        == 200
    )
