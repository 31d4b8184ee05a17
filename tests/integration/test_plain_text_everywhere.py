"""One plain-text rule for the whole project (issue 17): plain text is stored as typed (control
characters removed, nothing HTML-escaped) and escaped once where it is shown.

Every CharField/TextField of every project model is classified below: typed by people (and then
written with TYPED through its service and found again exactly), derived from typed text (found
again unescaped), rich text (nh3's HTML, not plain text), or written by the machine. A new field
fails the first test until someone says which it is."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kernel.text import ESCAPED_MARKERS
from kernel.textrepair import prose_fields

TYPED = 'A & B <C> "D"'
PROJECT_APPS = ("kernel", "releases", "contacts", "distribution", "conferences", "crises", "publicinfo")

RICH_TEXT = {
    "releases.release.body",
    "releases.releaserevision.body",
    "crises.statementtemplate.body",
    "crises.statement.body",
}
# Written by people, through a service: each must come back exactly as typed.
TYPED_FIELDS = {
    "kernel.organisationprofile": [
        "name",
        "short_name",
        "unit_name",
        "address",
        "phone",
        "boilerplate",
        "boilerplate_en",
        "dateline_city",
    ],
    "kernel.rolegrant": ["reason"],
    "releases.category": ["name"],
    "releases.tag": ["name"],
    "releases.release": [
        "title",
        "summary",
        "hero_alt",
        "hero_caption",
        "hero_credit",
        "withdrawn_reason",
        "unpublished_reason",
        "review_comment",
    ],
    "releases.releasequote": ["speaker", "role", "text"],
    "releases.releasecontact": ["name", "role", "phone"],
    "releases.releasephoto": ["alt", "caption", "credit"],
    "releases.releaseattachment": ["title"],
    "releases.releaserevision": ["title", "summary", "note"],
    "releases.releasecorrection": ["note", "decision_comment"],
    "releases.releasecorrectionattachment": ["title"],
    "contacts.mediaoutlet": ["name", "region"],
    "contacts.journalist": ["name", "beat", "region", "notes", "consent_source", "do_not_contact_reason"],
    "contacts.contactlist": ["name", "description"],
    "contacts.segment": ["name"],
    "contacts.contactimport": ["consent_evidence_source"],
    "contacts.beat": ["name"],
    "contacts.journalistcontactpoint": ["value", "label"],  # a social handle is kept as typed
    "conferences.conference": ["title", "description", "venue_name", "venue_address", "status_note"],
    "conferences.speaker": ["name", "role"],
    "conferences.attendance": ["name", "outlet", "phone"],
    "crises.incident": [
        "title",
        "description",
        "review_what_happened",
        "review_what_worked",
        "review_follow_ups",
    ],
    "crises.timelineentry": ["body"],
    "crises.statementtemplate": ["title"],
    "crises.statement": ["title", "rejection_comment"],
    "crises.mediainquiry": ["journalist_name", "outlet_name", "question", "answer"],
    "publicinfo.publicdocument": ["title", "description"],
    "publicinfo.spokesperson": ["name", "position", "topics", "phone"],
}
# Made from typed text by the system (subjects, notices, the text of rich text): they hold the
# typed value unescaped inside a longer text.
DERIVED_FIELDS = {
    "kernel.notification": ["subject", "body"],
    "releases.release": ["body_text"],
    "distribution.distribution": ["subject"],
}
# Written by the machine, never typed: codes, hashes, paths, replies, the append-only audit log.
MACHINE_FIELDS = {
    "kernel.organisationprofile": ["release_number_pattern"],  # a numbering pattern, validated
    "kernel.auditentry": ["actor_repr", "action", "object_id", "object_repr", "from_state", "to_state"],
    "kernel.notification": ["kind", "object_id", "last_error"],
    "kernel.rolegrant": ["role"],
    "releases.release": ["number"],
    "releases.releaseattachment": ["content_type"],
    "releases.presskit": ["input_hash", "error"],
    "contacts.mediaoutlet": ["phone"],  # a validated phone number (E.164)
    "contacts.journalist": ["phone"],  # a validated phone number (E.164)
    "contacts.contactimport": ["file_name", "stored_path", "failure", "consent_evidence_document"],
    "contacts.suppressedaddress": ["digest"],
    "distribution.distribution": ["kind", "created_by_repr"],
    "distribution.delivery": ["message_id", "smtp_reply"],
    "publicinfo.publicdocument": ["file_type"],
    "contacts.region": ["code", "name"],  # the shipped list of provinces and regencies/cities
    # "N kontak; saringan: …": written by the export view from the filter, shown escaped.
    "kernel.exportjob": ["kind", "description", "file_format", "stored_path", "file_name", "failure"],
    "kernel.pendingupload": ["token", "field", "content_type", "original_name"],
    "releases.embargoroomopening": ["item"],  # the file's stored name
    "distribution.engagementcount": ["what"],
    "releases.releasecorrectionattachment": ["content_type"],
}


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def _classified(*maps):
    return {f"{label}.{name}" for mapping in maps for label, names in mapping.items() for name in names}


def test_every_plain_text_field_of_every_model_is_classified():
    found = {f"{m._meta.label_lower}.{name}" for m in _project_models() for name in prose_fields(m)}
    classified = _classified(TYPED_FIELDS, DERIVED_FIELDS, MACHINE_FIELDS) | RICH_TEXT
    assert found - classified == set(), "classify the new plain-text fields above"
    assert classified - found == set(), "a classified field no longer exists"


def _pdf_upload(name="dokumen.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _png_upload(name="foto.png"):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def typed_everywhere(settings, tmp_path, kepala, sekretaris, sekretaris2, staf, make_user):
    """TYPED written into every typed field through the services the pages use."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from conferences import services as conf
    from contacts import services as contacts
    from contacts.models import Journalist
    from crises import services as crises
    from kernel.models import OrganisationProfile
    from kernel.rolegrants import role_grant_request
    from kernel.roles import STAF
    from kernel.services import organisation_profile_update
    from publicinfo import services as publicinfo
    from releases import services as releases
    from releases.models import Category

    OrganisationProfile.objects.get_or_create(pk=OrganisationProfile.SINGLETON_PK, defaults={"name": "x"})
    organisation_profile_update(
        actor=kepala,
        data={
            "name": TYPED,
            "short_name": TYPED,
            "unit_name": TYPED,
            "address": TYPED,
            "phone": TYPED,
            "boilerplate": TYPED,
            "boilerplate_en": TYPED,
        },
    )
    role_grant_request(actor=kepala, user=make_user("calon"), role=STAF, reason=TYPED)

    # Releases: content, quotes, contacts, photos, attachments, tags, review, correction, reasons.
    category = Category.objects.create(name=TYPED, slug="a-b-c-d")
    content = {
        "title": TYPED,
        "summary": TYPED,
        "body": '<p>A &amp; B &lt;C&gt; "D"</p>',
        "category": category,
    }
    content.update(hero_alt=TYPED, hero_caption=TYPED, hero_credit=TYPED)
    release = releases.release_create(
        actor=staf,
        data=content,
        quotes=[{"speaker": TYPED, "role": TYPED, "text": TYPED}],
        contacts=[{"name": TYPED, "role": TYPED, "phone": TYPED, "email": "rina@example.go.id"}],
        photos=[{"id": None, "image": _png_upload(), "alt": TYPED, "caption": TYPED, "credit": TYPED}],
        attachments=[{"id": None, "file": _pdf_upload(), "title": TYPED}],
        tags=[TYPED],
    )
    release = releases.release_submit(release=release, actor=staf)
    release = releases.release_reject(release=release, actor=sekretaris, comment=TYPED)
    release = releases.release_submit(release=release, actor=staf)
    release = releases.release_approve(release=release, actor=sekretaris, comment=TYPED)
    release = releases.release_publish(release=release, actor=sekretaris)
    release = releases.release_correct(
        release=release,
        actor=sekretaris,
        change_note=TYPED,
        data={"body": '<p>A &amp; B &lt;C&gt; "D" (dikoreksi)</p>'},
    )
    # A major correction with an attachment, refused with a reason by another person.
    correction = releases.release_correction_propose(
        release=release,
        actor=sekretaris,
        change_note=TYPED,
        data={"body": "<p>A &amp; B, koreksi besar</p>"},
        new_attachments=[
            {
                "file": _pdf_upload("koreksi.pdf"),
                "title": TYPED,
                "content_type": "application/pdf",
                "size": 10,
            }
        ],
    )
    releases.release_correction_reject(correction=correction, actor=sekretaris2, reason=TYPED)
    # The dateline last: a lead that is only the dateline would not count as a lead above.
    organisation_profile_update(actor=kepala, data={"dateline_city": TYPED})
    release = releases.release_withdraw(release=release, actor=sekretaris, reason=TYPED)
    release = releases.release_unpublish(release=release, actor=kepala, reason=TYPED)

    # Contacts.
    outlet = contacts.outlet_save(actor=staf, data={"name": TYPED, "outlet_type": "print", "region": TYPED})
    journalist = contacts.journalist_save(
        actor=staf,
        data={
            "name": TYPED,
            "email": "typed@example.id",
            "outlet": outlet,
            "beat": TYPED,
            "region": TYPED,
            "notes": TYPED,
            "consent_source": TYPED,
        },
    )
    contacts.journalist_opt_out(journalist_id=journalist.pk, actor=staf, reason=TYPED)
    contacts.contact_list_save(actor=staf, data={"name": TYPED, "description": TYPED})
    contacts.segment_save(actor=staf, data={"name": TYPED})
    contacts.beat_save(actor=staf, name=TYPED)
    contacts.contact_point_add(actor=staf, journalist=journalist, kind="social", value=TYPED, label=TYPED)
    contacts.contact_import_create(
        actor=staf,
        upload=SimpleUploadedFile(
            "kontak.csv", b"nama,email\nRina,rina@example.id\n", content_type="text/csv"
        ),
        on_duplicate="skip",
        consent_evidence={"source": TYPED, "date": timezone.localdate(), "document": "bukti.pdf"},
    )

    # Conferences: details, speakers, a walk-in at the door, a reschedule note.
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30)
    conference = conf.conference_create(
        actor=staf,
        data={
            "title": TYPED,
            "description": TYPED,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "venue_name": TYPED,
            "venue_address": TYPED,
            "is_public": True,
            "reminder_hours": 0,
        },
        speakers=[(TYPED, TYPED)],
    )
    conf.checkin_walk_in(actor=staf, conference=conference, name=TYPED, outlet=TYPED, phone=TYPED)
    from conferences.models import Invitation

    guest = contacts.journalist_save(actor=staf, data={"name": "Tamu", "email": "tamu@example.id"})
    Invitation.objects.create(conference=conference, journalist=guest)
    conf.conference_reschedule(
        actor=sekretaris,
        conference=conference,
        starts_at=starts_at + timedelta(days=1),
        ends_at=starts_at + timedelta(days=1, hours=2),
        reason=TYPED,
    )

    # Crises: incident, timeline, template, statement (rejected), inquiry, review.
    incident = crises.incident_open(actor=staf, title=TYPED, description=TYPED, severity=3, owner=staf)
    crises.timeline_add(actor=staf, incident=incident, kind="event", body=TYPED)
    template = crises.template_create(actor=staf, title=TYPED, scenario="general", body="<p>Isi</p>")
    statement = crises.statement_draft(actor=staf, incident=incident, title=TYPED, body="<p>Isi</p>")
    crises.statement_reject(actor=sekretaris, statement=statement, comment=TYPED)
    crises.inquiry_create(
        actor=staf,
        data={
            "incident": incident,
            "journalist_name": TYPED,
            "outlet_name": TYPED,
            "question": TYPED,
            "answer": TYPED,
            "status": "answered",
            "channel": "phone",
        },
    )
    crises.incident_resolve(
        actor=sekretaris,
        incident=incident,
        what_happened=TYPED,
        what_worked=TYPED,
        follow_ups=TYPED,
        confirm_loose_ends=True,
    )

    # Public information.
    publicinfo.document_create(
        actor=kepala,
        data={"title": TYPED, "description": TYPED, "category": "berkala", "date": timezone.localdate()},
        upload=_pdf_upload(),
    )
    publicinfo.spokesperson_save(
        actor=kepala, data={"name": TYPED, "position": TYPED, "topics": TYPED, "phone": TYPED}
    )

    return {
        "release": release,
        "conference": conference,
        "incident": incident,
        "template": template,
        "journalist": Journalist.objects.get(pk=journalist.pk),
    }


def _model(label):
    return apps.get_model(label)


def test_typed_text_is_stored_as_typed_in_every_plain_text_field(typed_everywhere):
    missing = []
    for label, names in TYPED_FIELDS.items():
        manager = _model(label)._base_manager
        for name in names:
            if not manager.filter(**{name: TYPED}).exists():
                values = list(manager.values_list(name, flat=True)[:3])
                missing.append(f"{label}.{name}: {values!r}")
    assert missing == []
    for label, names in DERIVED_FIELDS.items():
        manager = _model(label)._base_manager
        for name in names:
            assert manager.filter(**{f"{name}__contains": TYPED}).exists(), f"{label}.{name}"


def test_nothing_anywhere_is_stored_escaped(typed_everywhere):
    """Not one plain-text value of any model holds an HTML entity (the old escape-on-save)."""
    from django.db.models import Q

    escaped = []
    for model in _project_models():
        fields = [n for n in prose_fields(model) if f"{model._meta.label_lower}.{n}" not in RICH_TEXT]
        if not fields or model._meta.label_lower == "kernel.auditentry":
            continue
        query = Q()
        for name in fields:
            for marker in ESCAPED_MARKERS:
                query |= Q(**{f"{name}__contains": marker})
        for row in model._base_manager.filter(query).values(*fields)[:3]:
            escaped.append((model._meta.label_lower, row))
    assert escaped == []
