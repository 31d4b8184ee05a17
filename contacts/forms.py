from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ContactImport, ContactList, Journalist, MediaOutlet, OutletType, Segment


class JournalistForm(forms.ModelForm):
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

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = MediaOutlet.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Media dengan nama ini sudah ada."))
        return name


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _split(value):
    seen = []
    for part in (value or "").replace(";", ",").split(","):
        part = part.strip()
        if part and part.lower() not in [s.lower() for s in seen]:
            seen.append(part)
    return seen


class SegmentForm(forms.ModelForm):
    beats = forms.CharField(
        label=_("Desk/liputan"), required=False, help_text=_("Pisahkan dengan koma; kosong berarti semua.")
    )
    regions = forms.CharField(
        label=_("Wilayah"), required=False, help_text=_("Pisahkan dengan koma; kosong berarti semua.")
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
        if self.instance.pk and not self.is_bound:
            self.initial["beats"] = ", ".join(self.instance.beats)
            self.initial["regions"] = ", ".join(self.instance.regions)

    def clean_beats(self):
        return _split(self.cleaned_data.get("beats"))

    def clean_regions(self):
        return _split(self.cleaned_data.get("regions"))


class ImportUploadForm(forms.Form):
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


class BulkActionForm(forms.Form):
    ACTIONS = [("add", _("Tambahkan ke daftar")), ("remove", _("Keluarkan dari daftar"))]
    action = forms.ChoiceField(label=_("Tindakan"), choices=ACTIONS)
    contact_list = forms.ModelChoiceField(label=_("Daftar"), queryset=ContactList.objects.order_by("name"))
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is acceptable here; the service ignores ids that are not journalists.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()
        self.fields["ids"].error_messages["required"] = _("Pilih setidaknya satu wartawan.")


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
