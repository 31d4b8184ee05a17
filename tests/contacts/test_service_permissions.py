"""Every writing service of contacts checks its actor (a hidden button is not a rule): the
shell, the admin or a new view can not write past the role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts import services
from contacts.models import ContactImport, ContactList, Journalist, MediaOutlet, Segment
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def _calls(journalist, contact_list, segment, outlet, contact_import):
    csv_file = SimpleUploadedFile("k.csv", b"nama,email\nA,a@x.example\n", content_type="text/csv")
    return {
        "outlet_save:create": lambda a: services.outlet_save(actor=a, data={"name": "Baru"}),
        "outlet_save:update": lambda a: services.outlet_save(actor=a, data={"name": "Lain"}, outlet=outlet),
        "journalist_save:create": lambda a: services.journalist_save(
            actor=a, data={"name": "B", "email": "b@x.example"}
        ),
        "journalist_save:update": lambda a: services.journalist_save(
            actor=a, data={"name": "C"}, journalist=journalist
        ),
        "journalist_opt_out": lambda a: services.journalist_opt_out(journalist_id=journalist.pk, actor=a),
        "journalist_opt_in": lambda a: services.journalist_opt_in(actor=a, journalist=journalist),
        "journalist_erase": lambda a: services.journalist_erase(
            actor=a, journalist=journalist, reason="minta"
        ),
        "journalist_subject_export_log": lambda a: services.journalist_subject_export_log(
            actor=a, journalist=journalist, file_format="json"
        ),
        "contacts_export_log": lambda a: services.contacts_export_log(
            actor=a, file_format="csv", count=1, description=""
        ),
        "contact_list_save:create": lambda a: services.contact_list_save(actor=a, data={"name": "L2"}),
        "contact_list_save:update": lambda a: services.contact_list_save(
            actor=a, data={"name": "L3"}, contact_list=contact_list
        ),
        "contact_list_add": lambda a: services.contact_list_add(
            actor=a, contact_list=contact_list, journalist_ids=[journalist.pk]
        ),
        "contact_list_remove": lambda a: services.contact_list_remove(
            actor=a, contact_list=contact_list, journalist_ids=[journalist.pk]
        ),
        "contact_list_delete": lambda a: services.contact_list_delete(actor=a, contact_list=contact_list),
        "segment_save:create": lambda a: services.segment_save(actor=a, data={"name": "S2"}),
        "segment_save:update": lambda a: services.segment_save(actor=a, data={"name": "S3"}, segment=segment),
        "segment_delete": lambda a: services.segment_delete(actor=a, segment=segment),
        "contact_list_from_segment": lambda a: services.contact_list_from_segment(
            actor=a, segment=segment, name="Dari segmen"
        ),
        "contact_import_create": lambda a: services.contact_import_create(
            actor=a, upload=csv_file, on_duplicate="skip"
        ),
        "contact_import_start_validation": lambda a: services.contact_import_start_validation(
            actor=a, contact_import=contact_import
        ),
        "contact_import_commit": lambda a: services.contact_import_commit(
            actor=a, contact_import=contact_import
        ),
        "contact_import_files_purge": lambda a: services.contact_import_files_purge(actor=a),
    }


@pytest.fixture
def world(make_journalist, media_root):
    journalist = make_journalist()
    contact_list = ContactList.objects.create(name="L")
    contact_list.members.add(journalist)
    return (
        journalist,
        contact_list,
        Segment.objects.create(name="S"),
        MediaOutlet.objects.create(name="Harian"),
        ContactImport.objects.create(file_name="k.csv", stored_path="imports/x.csv", file_format="csv"),
    )


@pytest.mark.parametrize("who", ["ppid", "someone"])
def test_every_writing_service_refuses_an_actor_without_the_permission(request, world, who):
    actor = request.getfixturevalue("ppid") if who == "ppid" else "someone"  # not "system:..."
    before = (Journalist.objects.count(), AuditEntry.objects.count())
    for name, call in _calls(*world).items():
        with pytest.raises(Refusal) as exc:
            call(actor)
        assert exc.value.code == "permission", name
    assert (Journalist.objects.count(), AuditEntry.objects.count()) == before


def test_erasure_and_subject_export_are_for_sekretaris_and_kepala(staf, sekretaris, world):
    journalist = world[0]
    with pytest.raises(Refusal):
        services.journalist_erase(actor=staf, journalist=journalist, reason="minta")
    with pytest.raises(Refusal):
        services.journalist_subject_export_log(actor=staf, journalist=journalist, file_format="csv")
    services.journalist_erase(actor=sekretaris, journalist=journalist, reason="minta")
    journalist.refresh_from_db()
    assert journalist.erased_at is not None


def test_refusals_are_kernel_refusals_with_a_message(staf, sekretaris, world):
    journalist = world[0]
    with pytest.raises(Refusal) as exc:
        services.journalist_erase(actor=sekretaris, journalist=journalist, reason="  ")
    assert exc.value.field == "reason"
    services.journalist_erase(actor=sekretaris, journalist=journalist, reason="minta")
    with pytest.raises(Refusal) as exc:
        services.journalist_save(actor=staf, data={"name": "X"}, journalist=journalist)
    assert exc.value.code == "erased"


def test_the_public_unsubscribe_actor_may_only_opt_out(world):
    journalist = world[0]
    services.journalist_opt_out(journalist_id=journalist.pk, actor="public:unsubscribe")
    journalist.refresh_from_db()
    assert journalist.do_not_contact
    with pytest.raises(Refusal):
        services.journalist_opt_in(actor="public:unsubscribe", journalist=journalist)
