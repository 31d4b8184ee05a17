from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactList, Segment
from releases.models import Release

from .models import Conference

DT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DT_FORMAT, **kwargs)


def _parse_speakers(text):
    speakers = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in (" — ", " – ", " - ", ";", "|"):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, ""
        speakers.append((name.strip(), role.strip()))
    return speakers


class _TimesMixin:
    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Waktu selesai harus setelah waktu mulai."))
        return cleaned


class ConferenceForm(_TimesMixin, forms.ModelForm):
    map_url = forms.URLField(label=_("Tautan peta"), required=False, max_length=500, assume_scheme="https")
    online_url = forms.URLField(
        label=_("Tautan daring"), required=False, max_length=500, assume_scheme="https"
    )
    speakers_text = forms.CharField(
        label=_("Narasumber"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu orang per baris: Nama - Jabatan."),
    )

    class Meta:
        model = Conference
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "map_url",
            "online_url",
            "release",
            "is_public",
            "reminder_hours",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": _("Waktu Indonesia Barat (WIB)."),
            "ends_at": _("Waktu Indonesia Barat (WIB)."),
        }

    def __init__(self, *args, lock_times=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = Release.objects.exclude(status=Release.Status.UNPUBLISHED).order_by(
            "-created_at"
        )
        self.fields["release"].empty_label = _("(tidak ada)")
        if self.instance.pk:
            self.fields["speakers_text"].initial = "\n".join(
                f"{s.name} - {s.role}" if s.role else s.name for s in self.instance.speakers.all()
            )
        if lock_times:
            for name in ("starts_at", "ends_at"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Undangan sudah terkirim: gunakan Jadwalkan ulang.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("venue_name") and not cleaned.get("online_url"):
            raise forms.ValidationError(_("Isi tempat acara, tautan daring, atau keduanya."))
        return cleaned

    @property
    def speakers(self):
        return _parse_speakers(self.cleaned_data.get("speakers_text"))

    @property
    def data_for_service(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "speakers_text"}


class InviteForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Daftar kontak"),
        queryset=ContactList.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Segmen"),
        queryset=Segment.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("lists") and not cleaned.get("segments"):
            raise forms.ValidationError(_("Pilih sedikitnya satu daftar kontak atau segmen."))
        return cleaned


class RescheduleForm(_TimesMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Mulai (WIB)"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Selesai (WIB)"), widget=DateTimeLocalInput())
    reason = forms.CharField(
        label=_("Keterangan untuk undangan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Waktu baru harus di masa depan."))
        return value


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    outlet = forms.CharField(label=_("Media"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_("Bersedia menerima siaran pers dan undangan berikutnya (disimpan sebagai kontak media)"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") and not cleaned.get("email"):
            self.add_error("email", _("Isi e-mail agar dapat dikirimi siaran pers."))
        return cleaned


class CheckinCodeForm(forms.Form):
    code = forms.CharField(label=_("Kode undangan"), max_length=200)
