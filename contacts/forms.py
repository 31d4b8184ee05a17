from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import (
    Beat,
    ContactImport,
    ContactList,
    Journalist,
    JournalistContactPoint,
    MediaOutlet,
    OutletType,
    Segment,
)
from .widgets import JournalistPicker


class ConsentEvidenceMixin:
    """Fresh consent for an address on the suppression list (erased or unsubscribed before):
    where it came from, when, and which document shows it. All three, or none."""

    evidence_prefix = "consent_evidence_"

    @staticmethod
    def evidence_fields():
        return {
            "consent_evidence_source": forms.CharField(
                label=_("Sumber persetujuan baru"),
                max_length=200,
                required=False,
                help_text=_(
                    "Hanya untuk alamat yang pernah dihapus atau berhenti berlangganan: misalnya "
                    "formulir akreditasi yang ditandatangani ulang."
                ),
            ),
            "consent_evidence_date": forms.DateField(
                label=_("Tanggal persetujuan baru"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            ),
            "consent_evidence_document": forms.CharField(
                label=_("Dokumen/keterangan persetujuan"),
                max_length=300,
                required=False,
                help_text=_("Nomor surat, nama berkas atau keterangan tempat bukti disimpan."),
            ),
        }

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in self.evidence_fields()]
        if any(parts) and not all(parts):
            raise forms.ValidationError(
                _("Bukti persetujuan baru harus lengkap: sumber, tanggal dan dokumen.")
            )
        return cleaned

    def consent_evidence(self):
        data = getattr(self, "cleaned_data", {})
        if not data.get("consent_evidence_source"):
            return None
        return {
            "source": data["consent_evidence_source"],
            "date": data["consent_evidence_date"],
            "document": data["consent_evidence_document"],
        }


def split_evidence(data):
    """(model data, consent evidence or None) from a form's cleaned data."""
    data = dict(data)
    parts = {key: data.pop(f"consent_evidence_{key}", None) for key in ("source", "date", "document")}
    return data, (parts if parts["source"] else None)


class JournalistForm(ConsentEvidenceMixin, forms.ModelForm):
    class Meta:
        model = Journalist
        fields = [
            "name",
            "email",
            "phone",
            "outlet",
            "beat",
            "region",
            "language",
            "notes",
            "lawful_basis",
            "consent_source",
            "consent_date",
        ]
        widgets = {
            "consent_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "phone": _(
                "Nomor Indonesia boleh ditulis 0812… atau +62 812…; disimpan dalam format internasional."
            ),
            "lawful_basis": _("Dasar pemrosesan data pribadi menurut UU PDP 27/2022 Pasal 20."),
            "consent_source": _("Misalnya: formulir akreditasi 2026, kartu nama saat konferensi pers."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(self.evidence_fields())
        _taxonomy_fields(self, beat="beat", region="region")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = Journalist.objects.filter(email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Alamat e-mail ini sudah dipakai wartawan lain."))
        return email


class MediaOutletForm(forms.ModelForm):
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")

    class Meta:
        model = MediaOutlet
        fields = ["name", "outlet_type", "region", "website", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _taxonomy_fields(self, region="region")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = MediaOutlet.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Media dengan nama ini sudah ada."))
        return name


def _with_current(choices, current):
    """A value stored before the lists existed stays selectable (and visible) until changed."""
    if current and current not in {value for value, _label in _flat(choices)}:
        return [(current, current), *choices]
    return choices


def _flat(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield value, label


def _taxonomy_fields(form, *, beat=None, region=None):
    """Desk and region come from the controlled lists (contacts.taxonomy), not free text."""
    from .taxonomy import region_choices

    if beat:
        current = form.initial.get(beat) or getattr(form.instance, beat, "")
        choices = [("", _("— tidak ada —"))] + [(b.name, b.name) for b in Beat.objects.all()]
        form.fields[beat] = forms.ChoiceField(
            label=form.fields[beat].label,
            choices=_with_current(choices, current),
            required=False,
            help_text=_("Daftar desk dikelola staf di Kontak › Desk."),
        )
    if region:
        current = form.initial.get(region) or getattr(form.instance, region, "")
        choices = [("", _("— tidak ada —")), *region_choices()]
        form.fields[region] = forms.ChoiceField(
            label=form.fields[region].label, choices=_with_current(choices, current), required=False
        )


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SegmentForm(forms.ModelForm):
    beats = forms.MultipleChoiceField(
        label=_("Desk/liputan"), required=False, help_text=_("Kosong berarti semua.")
    )
    regions = forms.MultipleChoiceField(
        label=_("Wilayah"),
        required=False,
        help_text=_("Kosong berarti semua. Sebuah provinsi juga mencakup kabupaten/kotanya."),
    )
    outlet_types = forms.MultipleChoiceField(
        label=_("Jenis media"),
        choices=OutletType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Bahasa"), choices=settings.LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Segment
        fields = ["name", "beats", "regions", "outlet_types", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .taxonomy import region_choices

        beats = [(b.name, b.name) for b in Beat.objects.all()]
        regions = region_choices()
        # Values saved before the lists existed stay selectable until someone removes them.
        for value in self.instance.beats or []:
            beats = _with_current(beats, value)
        for value in self.instance.regions or []:
            regions = _with_current(regions, value)
        self.fields["beats"].choices = beats
        self.fields["regions"].choices = regions
        self.fields["beats"].widget.attrs["size"] = 8
        self.fields["regions"].widget.attrs["size"] = 12


class BeatForm(forms.ModelForm):
    class Meta:
        model = Beat
        fields = ["name"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Beat.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Desk dengan nama ini sudah ada."))
        return name


class ImportUploadForm(ConsentEvidenceMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_(
            "Paling besar 10 MB. Kolom wajib: nama dan e-mail. Judul kolom boleh dalam bahasa Indonesia atau "
            "Inggris; CSV boleh dipisah koma atau titik koma (UTF-8 atau Windows-1252)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    on_duplicate = forms.ChoiceField(
        label=_("Jika e-mail sudah ada"),
        choices=ContactImport.OnDuplicate.choices,
        initial=ContactImport.OnDuplicate.SKIP,
        widget=forms.RadioSelect,
    )
    on_invalid_optional = forms.ChoiceField(
        label=_("Jika isian opsional tidak valid (telepon, jenis media, bahasa, tanggal persetujuan)"),
        choices=ContactImport.OnInvalidOptional.choices,
        initial=ContactImport.OnInvalidOptional.KEEP,
        widget=forms.RadioSelect,
        required=False,  # absent (an older form, a script): keep
        help_text=_("Berlaku untuk seluruh berkas. Nama, e-mail dan dasar pemrosesan tetap wajib benar."),
    )
    contact_list = forms.ModelChoiceField(
        label=_("Masukkan semua kontak berkas ini ke daftar"),
        queryset=ContactList.objects.order_by("name"),
        required=False,
        empty_label=_("— tidak —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(self.evidence_fields())

    def clean_on_invalid_optional(self):
        return self.cleaned_data.get("on_invalid_optional") or ContactImport.OnInvalidOptional.KEEP


class ImportMappingForm(forms.Form):
    """One select per column of the file: which field it holds, or "ignore"."""

    def __init__(self, *args, contact_import, **kwargs):
        super().__init__(*args, **kwargs)
        from .importing import FIELD_LABELS, header_columns

        detected, _unknown, _notes = header_columns(contact_import.header, contact_import.column_mapping)
        choices = [("", _("— abaikan kolom ini —"))] + list(FIELD_LABELS.items())
        for index, title in enumerate(contact_import.header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=str(title) or _("(kolom %(n)s tanpa judul)") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=detected.get(index, ""),
            )

    def mapping(self):
        return {name.removeprefix("col_"): value for name, value in self.cleaned_data.items()}


class BulkActionForm(forms.Form):
    ACTIONS = [("add", _("Tambahkan ke daftar")), ("remove", _("Keluarkan dari daftar"))]
    action = forms.ChoiceField(label=_("Tindakan"), choices=ACTIONS)
    contact_list = forms.ModelChoiceField(label=_("Daftar"), queryset=ContactList.objects.order_by("name"))
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    # "Every journalist the filter matches", not only the ticked rows of this page; the filter
    # travels as the list page's query string.
    all_matching = forms.BooleanField(required=False)
    filter_query = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is acceptable here; the service ignores ids that are not journalists.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        data = super().clean()
        if not data.get("all_matching") and not data.get("ids"):
            raise forms.ValidationError(_("Pilih setidaknya satu wartawan."))
        return data


class ContactFlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan jangan dihubungi"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: diminta redaksinya lewat telepon tanggal …; pindah tugas ke luar negeri."),
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan dan dasar permintaan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: permintaan tertulis subjek data tanggal …, nomor surat …"),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa data pribadi ini dihapus permanen dan tidak dapat dipulihkan.")
    )


class ListFromSegmentForm(forms.Form):
    name = forms.CharField(label=_("Nama daftar baru"), max_length=200)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if ContactList.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Daftar dengan nama ini sudah ada."))
        return name


class ContactPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=JournalistContactPoint.Kind.choices)
    value = forms.CharField(label=_("Alamat/nomor/akun"), max_length=254)
    label = forms.CharField(
        label=_("Keterangan"),
        max_length=60,
        required=False,
        help_text=_("Misalnya: kantor, pribadi, X, Instagram."),
    )


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Data ganda yang digabung ke data ini"),
        queryset=Journalist.objects.filter(erased_at__isnull=True, merged_into__isnull=True),
        widget=JournalistPicker(),
    )
