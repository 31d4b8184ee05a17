from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactList, Segment

from .models import Delivery


class DistributionForm(forms.Form):
    SEND_NOW = "now"
    SEND_LATER = "later"

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
    when = forms.ChoiceField(
        label=_("Waktu kirim"),
        choices=[(SEND_NOW, _("Kirim sekarang")), (SEND_LATER, _("Kirim pada waktu tertentu"))],
        initial=SEND_NOW,
        widget=forms.RadioSelect,
    )
    scheduled_at = forms.DateTimeField(
        label=_("Kirim pada (WIB)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    skip_received = forms.BooleanField(
        label=_("Lewati penerima yang sudah menerima bahan ini dari distribusi sebelumnya"),
        required=False,
        initial=True,
    )

    def clean(self):
        data = super().clean()
        if not data.get("lists") and not data.get("segments"):
            raise forms.ValidationError(_("Pilih setidaknya satu daftar kontak atau segmen."))
        if data.get("when") == self.SEND_LATER:
            when = data.get("scheduled_at")
            if not when:
                self.add_error("scheduled_at", _("Isi waktu pengiriman."))
            elif when <= timezone.now():
                self.add_error("scheduled_at", _("Waktu pengiriman harus di masa depan."))
        else:
            data["scheduled_at"] = None
        return data


class TestSendForm(forms.Form):
    to_email = forms.EmailField(label=_("Kirim uji ke alamat"))


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua"))] + list(Delivery.Status.choices)
    )
    q = forms.CharField(label=_("Cari nama atau e-mail"), required=False, max_length=100)
