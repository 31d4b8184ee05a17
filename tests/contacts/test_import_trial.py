"""Import fixes from the trial (issue 17): optional values warn instead of blocking, every message
names row, column and value, an error file, outlet types from the first row that states one,
column mapping, import into a list, commit twice, dead imports swept and retried."""

import csv
import io
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import ContactImport, ContactList, Journalist, MediaOutlet
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def dry_run(actor, content, upload, **options):
    imp = services.contact_import_create(
        actor=actor,
        upload=upload(content, name="kontak.csv"),
        on_duplicate=options.pop("on_duplicate", "skip"),
        **options,
    )
    services.contact_import_start_validation(actor=actor, contact_import=imp)
    imp.refresh_from_db()
    return imp


def commit(actor, imp):
    imp = services.contact_import_commit(actor=actor, contact_import=imp)
    imp.refresh_from_db()
    return imp


MESSY = (
    "nama,email,telepon,jenis media,media\n"
    "Andi,andi@x.example,0841-2345-6789,,Radar\n"  # 084x: not an allocated Indonesian prefix
    "Budi,budi@x.example,0812-3456-7890,koran,Radar\n"
    "Citra,citra@x.example,,satelit,Lain & Co\n"
)


def test_unallocated_prefix_is_a_warning_and_kept_raw_and_flagged(staf, upload, media_root):
    # On old main one 084… number blocked the whole file (status "invalid", nothing imported).
    imp = dry_run(staf, MESSY, upload)
    assert imp.status == "validated", imp.report
    warning = next(r for r in imp.report if r["level"] == "warning" and r["field"] == "telepon")
    assert (warning["row"], warning["value"]) == (2, "0841-2345-6789")
    imp = commit(staf, imp)
    assert imp.status == "done" and imp.created_count == 3
    andi = Journalist.objects.get(email="andi@x.example")
    assert not andi.phone and andi.flagged_values == {"phone": "0841-2345-6789"}
    assert Journalist.objects.get(email="citra@x.example").flagged_values == {"outlet_type": "satelit"}
    assert Journalist.objects.get(email="budi@x.example").flagged_values == {}


def test_drop_mode_imports_the_row_without_the_value(staf, upload, media_root):
    imp = commit(staf, dry_run(staf, MESSY, upload, on_invalid_optional="drop"))
    assert imp.status == "done"
    andi = Journalist.objects.get(email="andi@x.example")
    assert not andi.phone and andi.flagged_values == {}
    assert any("tidak diimpor" in r["message"] for r in imp.report)


def test_outlet_type_comes_from_the_first_row_that_states_it(staf, upload, media_root):
    # Row 2 names "Radar" without a type, row 3 says "koran": the outlet is print. Old main took
    # the last row naming the outlet, so an empty cell of a later row made it "online".
    content = "nama,email,media,jenis media\nA,a@x.example,Radar,\nB,b@x.example,radar,koran\nC,c@x.example,RADAR,\n"
    commit(staf, dry_run(staf, content, upload))
    outlet = MediaOutlet.objects.get()
    assert (outlet.name, outlet.outlet_type) == ("Radar", "print")


def test_error_file_has_the_bad_rows_and_a_reason_column(staf, client, upload, media_root):
    content = "nama,email,telepon\nAndi,bukan-email,\nBudi,budi@x.example,0841 111\nCitra,citra@x.example,\n"
    imp = dry_run(staf, content, upload)
    assert imp.status == "invalid"
    client.force_login(staf)
    page = client.get(imp.get_absolute_url())
    assert 'data-testid="error-file"' in page.content.decode()
    assert "baris 1 adalah judul kolom" in page.content.decode()
    response = client.get(reverse("staff_contacts:import_errors", args=[imp.pk]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["baris", "nama", "email", "telepon", "alasan"]
    assert [r[0] for r in rows[1:]] == ["2", "3"]
    assert "bukan-email" in rows[1][-1] and "telepon" in rows[2][-1]


def test_error_file_is_not_for_other_staff(staf, make_user, client, upload, media_root):
    imp = dry_run(staf, "nama,email\nAndi,bukan-email\n", upload)
    client.force_login(make_user("tamu"))
    assert client.get(reverse("staff_contacts:import_errors", args=[imp.pk])).status_code == 404


def test_commit_twice_says_already_done(staf, upload, media_root):
    imp = commit(staf, dry_run(staf, "nama,email\nA,a@x.example\n", upload))
    with pytest.raises(Refusal) as exc:
        services.contact_import_commit(actor=staf, contact_import=imp)
    assert exc.value.code == "already_done"
    assert Journalist.objects.count() == 1


def test_commit_twice_through_the_page_says_already_done(staf, client, upload, media_root):
    imp = commit(staf, dry_run(staf, "nama,email\nA,a@x.example\n", upload))
    client.force_login(staf)
    response = client.post(reverse("staff_contacts:import_commit", args=[imp.pk]), follow=True)
    assert "sudah selesai" in response.content.decode()


def test_unknown_headers_are_mapped_then_checked_again(staf, client, upload, media_root):
    content = "Nama Jurnalis,Kontak Surel,Gawai\nAndi,andi@x.example,0812-3456-7890\n"
    imp = dry_run(staf, content, upload)
    assert imp.status == "invalid" and imp.header == ["Nama Jurnalis", "Kontak Surel", "Gawai"]
    client.force_login(staf)
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "Petakan kolom" in page
    response = client.post(
        reverse("staff_contacts:import_map_columns", args=[imp.pk]),
        {"col_0": "name", "col_1": "email", "col_2": "phone"},
    )
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == "validated", imp.report
    imp = commit(staf, imp)
    assert str(Journalist.objects.get().phone) == "+6281234567890"
    assert AuditEntry.objects.filter(action="contacts.import.map_columns").count() == 1


def test_mapping_one_field_twice_is_refused(staf, upload, media_root):
    imp = dry_run(staf, "a,b\nAndi,andi@x.example\n", upload)
    with pytest.raises(Refusal):
        services.contact_import_map_columns(
            actor=staf, contact_import=imp, mapping={"0": "name", "1": "name"}
        )


def test_import_straight_into_a_list(staf, upload, media_root, make_journalist):
    make_journalist(name="Lama", email="lama@x.example")
    target = ContactList.objects.create(name="Wartawan Pemda & DPRD")
    content = "nama,email\nLama,lama@x.example\nBaru,baru@x.example\n"
    imp = commit(staf, dry_run(staf, content, upload, contact_list=target))
    assert imp.status == "done" and imp.added_to_list_count == 2
    assert set(target.members.values_list("email", flat=True)) == {"lama@x.example", "baru@x.example"}


def test_dead_import_is_swept_failed_and_can_be_retried(staf, upload, media_root, settings):
    imp = dry_run(staf, "nama,email\nA,a@x.example\n", upload)
    # The worker died mid-commit: the row says "importing" and nothing moves any more.
    ContactImport.objects.filter(pk=imp.pk).update(
        status="importing", updated_at=timezone.now() - timezone.timedelta(hours=1)
    )
    cache.delete(f"contacts:import:{imp.pk}:progress")
    assert services.contact_import_sweep_stale() == 1
    imp.refresh_from_db()
    assert imp.status == "failed" and "Coba lagi" in imp.failure
    assert Journalist.objects.count() == 0
    imp = services.contact_import_retry(actor=staf, contact_import=imp)
    assert imp.status == "validated"
    assert commit(staf, imp).status == "done"


def test_sweep_leaves_an_import_with_a_fresh_heartbeat(staf, upload, media_root):
    imp = dry_run(staf, "nama,email\nA,a@x.example\n", upload)
    ContactImport.objects.filter(pk=imp.pk).update(
        status="validating", updated_at=timezone.now() - timezone.timedelta(hours=1)
    )
    cache.set(f"contacts:import:{imp.pk}:progress", (10, 100, time.time()), 60)
    assert services.contact_import_sweep_stale() == 0
    imp.refresh_from_db()
    assert imp.status == "validating"


def test_sweep_leaves_a_commit_whose_transaction_holds_the_row(transactional_db, staf, upload, media_root):
    """A live commit holds its row lock; the sweep (another connection) skips it, and takes it
    once the lock is gone (a dead worker's connection is closed by PostgreSQL)."""
    import threading

    from django.db import connections, transaction

    imp = dry_run(staf, "nama,email\nA,a@x.example\n", upload)
    ContactImport.objects.filter(pk=imp.pk).update(
        status="importing", updated_at=timezone.now() - timezone.timedelta(hours=1)
    )
    result = {}

    def sweep():
        try:
            result["failed"] = services.contact_import_sweep_stale()
        finally:
            connections.close_all()

    with transaction.atomic():
        ContactImport.objects.select_for_update().get(pk=imp.pk)  # this connection is the live worker
        thread = threading.Thread(target=sweep)
        thread.start()
        thread.join(30)
    assert result.get("failed") == 0
    assert ContactImport.objects.get(pk=imp.pk).status == "importing"
    assert services.contact_import_sweep_stale() == 1
