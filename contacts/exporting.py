"""What contacts exports: the rows of a journalist export and the data-subject export (UU PDP).
The files themselves are written by kernel.exports, the one CSV/XLSX helper (formulas
neutralised there)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.exportjobs import ExportSource, export_register

from . import permissions as perms

EXPORT_HEADERS = [
    "nama",
    "email",
    "telepon",
    "media",
    "jenis media",
    "desk",
    "wilayah",
    "bahasa",
    "catatan",
    "dasar pemrosesan",
    "sumber persetujuan",
    "tanggal persetujuan",
    "jangan dihubungi",
]


def journalist_row(journalist):
    """Labels, not codes ("Cetak", not "print"): the file is read by people. The importer reads
    these labels back."""
    outlet = journalist.outlet
    return [
        journalist.name,
        journalist.email,
        str(journalist.phone) if journalist.phone else "",
        outlet.name if outlet else "",
        str(outlet.get_outlet_type_display()) if outlet else "",
        journalist.beat,
        journalist.region,
        str(journalist.get_language_display()),
        journalist.notes,
        str(journalist.get_lawful_basis_display()),
        journalist.consent_source,
        journalist.consent_date.isoformat() if journalist.consent_date else "",
        "ya" if journalist.do_not_contact else "tidak",
    ]


def journalist_rows(queryset):
    for journalist in queryset.select_related("outlet").iterator(chunk_size=2000):
        yield journalist_row(journalist)


def journalist_export_build(params, actor):
    """The background export of the contact list, filtered as the user had it."""
    from django.http import QueryDict

    from . import selectors
    from .filters import JournalistFilter

    query = QueryDict(mutable=True)
    for key, values in (params or {}).items():
        query.setlist(key, values if isinstance(values, list) else [values])
    queryset = JournalistFilter(query, queryset=selectors.journalist_list()).qs
    return ExportSource(
        headers=EXPORT_HEADERS,
        rows=journalist_rows(queryset),
        count=queryset.count(),
        filename="kontak",
        title="Kontak",
    )


export_register(
    "contacts.journalists",
    label=_("Kontak wartawan"),
    permission=perms.EXPORT_JOURNALIST,
    build=journalist_export_build,
)


# --- data-subject export (UU PDP): everything held about one person ---------------------------
def _row_dict(obj):
    data = model_to_dict(obj)
    data["id"] = obj.pk
    for field in obj._meta.concrete_fields:
        if field.name not in data:
            data[field.name] = getattr(obj, field.attname)
    return {
        k: (str(v) if v is not None and not isinstance(v, (int, float, bool, str)) else v)
        for k, v in data.items()
    }


def subject_data(journalist):
    from django.contrib.contenttypes.models import ContentType

    from kernel.models import AuditEntry

    profile = _row_dict(journalist)
    profile["phone"] = str(journalist.phone) if journalist.phone else ""
    profile.pop("contact_lists", None)
    data = {
        "exported_at": timezone.now().isoformat(),
        "journalist": profile,
        "outlet": _row_dict(journalist.outlet) if journalist.outlet_id else None,
        "contact_lists": [
            {"list": m.contact_list.name, "added_at": m.added_at.isoformat()}
            for m in journalist.memberships.select_related("contact_list").order_by("added_at")
        ],
        "contact_points": [
            {"kind": p.kind, "value": p.value, "label": p.label, "added_at": p.created_at.isoformat()}
            for p in journalist.contact_points.all()
        ],
    }
    # Rows other apps keep about this person (deliveries, RSVPs, media inquiries...), found
    # through the reverse relations so a new app is included without changing this code.
    for relation in journalist._meta.related_objects:
        if relation.related_model._meta.app_label == "contacts" or not (
            relation.one_to_many or relation.one_to_one
        ):
            continue
        accessor = relation.get_accessor_name()
        key = f"{relation.related_model._meta.app_label}.{relation.related_model._meta.model_name}"
        if relation.one_to_one:
            obj = getattr(journalist, accessor, None)
            data[key] = [_row_dict(obj)] if obj is not None else []
        else:
            data[key] = [_row_dict(obj) for obj in getattr(journalist, accessor).all()[:10000]]
    content_type = ContentType.objects.get_for_model(journalist)
    data["audit_log"] = [
        {"at": e.created_at.isoformat(), "actor": e.actor_repr, "action": e.action, "data": e.data}
        for e in AuditEntry.objects.filter(content_type=content_type, object_id=str(journalist.pk)).order_by(
            "created_at"
        )
    ]
    return data


def subject_json(journalist):
    return json.dumps(subject_data(journalist), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def subject_csv_rows(journalist):
    """(section, item, field, value) rows: one flat table that opens in any spreadsheet."""
    data = subject_data(journalist)
    yield ["diekspor", "", "", data["exported_at"]]
    for section, content in data.items():
        if section == "exported_at" or content is None:
            continue
        items = content if isinstance(content, list) else [content]
        for index, item in enumerate(items, start=1):
            for key, value in item.items():
                if isinstance(value, (dict, list)):
                    value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                yield [section, index, key, "" if value is None else value]


# --- the readable document for the person (UU PDP Pasal 7 and 32: the right to know) ----------
def subject_document(journalist):
    """Context of contacts/subject_export.html: who we are, what we hold, why, since when, the
    consent, what we sent, invitations and attendance, inquiries. The sections of other apps
    come from their registered `privacy.py` (kernel.privacy), not from their models here."""
    from django.contrib.contenttypes.models import ContentType

    from kernel.models import AuditEntry
    from kernel.privacy import subject_sections
    from kernel.selectors import organisation_profile_get

    content_type = ContentType.objects.get_for_model(journalist)
    first = (
        AuditEntry.objects.filter(content_type=content_type, object_id=str(journalist.pk))
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    held = [
        ("Nama", journalist.name),
        ("E-mail", journalist.email),
        ("Telepon", journalist.phone.as_international if journalist.phone else ""),
        ("Media", journalist.outlet.name if journalist.outlet_id else ""),
        ("Desk/liputan", journalist.beat),
        ("Wilayah", journalist.region),
        ("Bahasa", journalist.get_language_display()),
        ("Catatan staf tentang Anda", journalist.notes),
        (
            "Daftar kontak",
            ", ".join(m.contact_list.name for m in journalist.memberships.select_related("contact_list")),
        ),
    ]
    return {
        "org": organisation_profile_get(),
        "journalist": journalist,
        "held": held,
        "since": min(filter(None, [journalist.created_at, first])),
        "sections": subject_sections(journalist_id=journalist.pk, email=journalist.email),
        "generated_at": timezone.now(),
    }
