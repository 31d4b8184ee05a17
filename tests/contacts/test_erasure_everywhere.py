"""Issue 22, "Erasure that erases": after a UU PDP erasure no table holds the person's address,
name or phone anywhere (introspected from information_schema, every text/varchar/json column of
every table), the import file that listed them is gone, and the erasure's audit entry holds only
anonymous counts."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conferences.models import Attendance, Conference, Invitation
from contacts import services
from contacts.models import ContactImport, Journalist
from crises.models import MediaInquiry
from distribution.models import Delivery, Distribution
from kernel.audit import audit_record
from kernel.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db

NAME = "Rina Wulandari Kusuma"
EMAIL = "rina.kusuma@harian-nusantara.example.id"
PHONES = ["+6281234567890", "+62 812-3456-7890", "0812-3456-7890", "081234567890", "6281234567890"]


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            ORDER BY c.table_name, c.column_name
            """
        )
        return cursor.fetchall()


def _hits(needles):
    columns = _text_columns()
    hits = []
    with connection.cursor() as cursor:
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 - names from information_schema
                    ["%" + needle.replace("%", r"\%").replace("_", r"\_") + "%"],
                )
                count = cursor.fetchone()[0]
                if count:
                    hits.append((table, column, needle, count))
    return columns, hits


@pytest.fixture
def person_everywhere(staf, kepala, outlet, upload, media_root, settings):
    """One journalist who appears in every place the issue names."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    journalist = services.journalist_save(
        actor=staf,
        data={
            "name": NAME,
            "email": EMAIL,
            "phone": "+6281234567890",
            "outlet": outlet,
            "beat": "Hukum",
            "notes": f"Biasa dihubungi di 0812-3456-7890 ({NAME})",
            "consent_source": "Kartu nama",
        },
    )
    services.journalist_save(actor=staf, data={"beat": "Politik"}, journalist=journalist)
    # An import file (kept on disk for 7 days) and its dry-run report list her.
    content = f"nama,email,telepon\n{NAME},{EMAIL},081234567890\nLain Orang,lain@x.example,\n"
    contact_import = services.contact_import_create(actor=staf, upload=upload(content), on_duplicate="update")
    services.contact_import_start_validation(actor=staf, contact_import=contact_import)
    contact_import.refresh_from_db()
    ContactImport.objects.filter(pk=contact_import.pk).update(
        report=contact_import.report
        + [{"row": 2, "field": "email", "level": "info", "message": f"{EMAIL} sudah ada ({NAME})"}]
    )
    # A delivery (report page and CSV read these rows) with an SMTP reply quoting her address.
    start = timezone.now() + datetime.timedelta(days=2)
    conference = Conference.objects.create(
        title="Taklimat Anggaran",
        slug="taklimat-anggaran",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    distribution = Distribution.objects.create(
        source=conference, subject="Undangan taklimat", status="completed"
    )
    Delivery.objects.create(
        distribution=distribution,
        journalist=journalist,
        email=EMAIL,
        status="sent",
        smtp_reply=f"250 2.0.0 Ok: queued for <{EMAIL}>",
        sent_at=timezone.now(),
    )
    # RSVP, attendance and a walk-in row typed at the door.
    Invitation.objects.create(conference=conference, journalist=journalist, answer="yes")
    Attendance.objects.create(
        conference=conference,
        journalist=journalist,
        name=NAME,
        outlet="Harian Nusantara",
        email=EMAIL,
        phone="0812-3456-7890",
    )
    other = Conference.objects.create(
        title="Taklimat Banjir",
        slug="taklimat-banjir",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    Attendance.objects.create(
        conference=other,
        is_walk_in=True,
        name=NAME.upper(),
        outlet="Harian Nusantara",
        email=EMAIL.upper(),
        phone="+62 812-3456-7890",
    )
    # Media inquiries: one linked, one typed in free text quoting her phone.
    MediaInquiry.objects.create(journalist=journalist, question="Berapa korban?", created_by=staf)
    MediaInquiry.objects.create(
        journalist_name=NAME,
        outlet_name="Harian Nusantara",
        question=f"Mohon telepon balik ke 081234567890 atau {EMAIL}",
        created_by=staf,
    )
    # She unsubscribes herself; staff send the re-subscribe confirmation (a Notification row).
    services.journalist_opt_out(journalist_id=journalist.pk)
    services.journalist_resubscribe_request(actor=staf, journalist=journalist)
    # Staff mail that quoted her (a new inquiry's notification).
    from kernel.notifications import notification_send

    notification_send(
        recipients=[kepala], subject=f"Pertanyaan baru dari {NAME}", body="Telepon: 081234567890", kind="uji"
    )
    # An audit entry about something else that quoted her (e.g. a test mail's recipient).
    audit_record(actor=staf, action="contacts.export", data={"filter": f"email={EMAIL}", "name": NAME})
    return journalist


def test_erasure_leaves_no_trace_in_any_table(client, kepala, person_everywhere, media_root):
    journalist = person_everywhere
    needles = [EMAIL, NAME, *PHONES]
    columns, before = _hits(needles)
    seen = {table for table, *_ in before}
    # The fixture really put her everywhere the issue names (the test would prove nothing otherwise).
    for table in (
        "contacts_journalist",
        "contacts_contactimport",
        "distribution_delivery",
        "conferences_attendance",
        "crises_mediainquiry",
        "kernel_notification",
        "humas_auditentry",
    ):
        assert table in seen, table
    import_file = media_root / ContactImport.objects.get().stored_path
    assert import_file.exists()

    client.force_login(kepala)
    response = client.post(
        reverse("staff_contacts:journalist_privacy", args=[journalist.pk]),
        {"reason": f"Surat permintaan {NAME} no. 12/2026", "confirm": "on"},
    )
    assert response.status_code == 302

    columns, after = _hits(needles)
    tables = {table for table, _column in columns}
    print(
        f"\nerasure scan: {len(tables)} tables, {len(columns)} text/varchar/json columns, {len(needles)} needles"
    )
    assert len(tables) >= 30 and len(columns) >= 150
    assert after == []
    assert not import_file.exists()

    # Counts survive: the rows stay, pointing at the anonymised journalist.
    assert Delivery.objects.filter(journalist=journalist).count() == 1
    assert Attendance.objects.count() == 2 and Invitation.objects.count() == 1
    assert MediaInquiry.objects.count() == 2
    erase = AuditEntry.objects.get(action="contacts.journalist.erase")
    assert erase.data["distribution.deliveries"] == 1
    assert erase.data["conferences.attendances"] == 2
    assert erase.data["crises.media_inquiries"] == 2
    assert erase.data["contacts.import_files"] == 1
    assert erase.data["kernel.notifications"] == 2
    assert Notification.objects.filter(recipient=kepala).get().to_address == kepala.email
    assert erase.data["reason"].startswith("Surat permintaan [dihapus]")

    # The delivery report and its CSV show no trace either.
    dist = Distribution.objects.get()
    page = client.get(reverse("staff_distribution:report", args=[dist.pk])).content.decode()
    csv_body = b"".join(
        client.post(reverse("staff_distribution:report_csv", args=[dist.pk])).streaming_content
    )
    for needle in needles:
        assert needle.lower() not in page.lower()
        assert needle.lower() not in csv_body.decode("utf-8-sig").lower()


def test_erased_row_is_read_only_in_the_admin(kepala, make_journalist):
    from django.contrib import admin
    from django.test import RequestFactory

    j = make_journalist()
    services.journalist_erase(actor=kepala, journalist=j, reason="permintaan")
    model_admin = admin.site._registry[Journalist]
    request = RequestFactory().get("/")
    request.user = kepala
    assert not model_admin.has_change_permission(request, j)
    assert not model_admin.has_delete_permission(request, j)
    assert not model_admin.has_add_permission(request)
    with pytest.raises(Exception):
        services.journalist_save(actor=kepala, data={"name": "Hidup lagi"}, journalist=j)


@pytest.mark.django_db(transaction=True)
def test_vacuum_after_erasure_runs_outside_a_transaction():
    """Old row versions keep erased values until VACUUM; the task runs it on every table the
    handlers registered."""
    from contacts.tasks import erasure_vacuum_task
    from kernel.privacy import erasure_vacuum_tables

    assert {
        "contacts_journalist",
        "distribution_delivery",
        "conferences_attendance",
        "crises_mediainquiry",
    } <= set(erasure_vacuum_tables())
    erasure_vacuum_task()
