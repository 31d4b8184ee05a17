from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from contacts.models import ContactList, Journalist
from contacts.widgets import JournalistPicker
from kernel.sanitize import rich_text_is_empty
from releases.models import Release

from .models import (
    Incident,
    MediaInquiry,
    Scenario,
    Severity,
    StatementTemplate,
    TimelineEntry,
)
from .selectors import incident_staff_choices, statement_templates_usable


class StatementEditor(CKEditor5Widget):
    """CKEditor 5 (the project's editor) without image upload: statements and templates are text.
    The upload URL still has to be rendered; it belongs to releases
    (settings.CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME), so a missing one is left empty, not a 500."""

    def __init__(self, attrs=None):
        super().__init__(config_name="default", attrs=attrs)
        self.config = dict(self.config)
        self.config["toolbar"] = [item for item in self.config.get("toolbar", []) if item != "imageUpload"]

    def render(self, name, value, attrs=None, renderer=None):
        from django.conf import settings
        from django.urls import NoReverseMatch, reverse

        try:
            reverse(getattr(settings, "CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME", "ck_editor_5_upload_file"))
        except NoReverseMatch:
            context = self.get_context(name, value, attrs)
            context.update(
                {
                    "config": self.config,
                    "script_id": f"{attrs['id']}_script",
                    "upload_url": "",
                    "upload_file_types": "[]",
                    "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
                }
            )
            return self._render(self.template_name, context, renderer)
        return super().render(name, value, attrs, renderer)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=250)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Scenario.choices, initial=Scenario.GENERAL)
    severity = forms.TypedChoiceField(
        label=_("Tingkat keparahan"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    detected_at = forms.DateTimeField(
        label=_("Diketahui pada"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        help_text=_("Untuk kebocoran data, batas pemberitahuan UU PDP (3×24 jam) dihitung dari waktu ini."),
    )
    owner = UserChoiceField(label=_("Penanggung jawab"), queryset=None)
    team = UserMultipleChoiceField(
        label=_("Tim"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    releases = forms.ModelMultipleChoiceField(
        label=_("Siaran pers terkait"),
        queryset=Release.objects.order_by("-created_at"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        users = incident_staff_choices()
        self.fields["owner"].queryset = users
        self.fields["team"].queryset = users
        if editing:
            del self.fields["severity"]

    def clean_detected_at(self):
        value = self.cleaned_data.get("detected_at")
        if value and value > timezone.now():
            raise forms.ValidationError(_("Waktu diketahui tidak boleh di masa depan."))
        return value


class SeverityForm(forms.Form):
    severity = forms.TypedChoiceField(label=_("Tingkat keparahan baru"), choices=Severity.choices, coerce=int)
    reason = forms.CharField(label=_("Alasan"), max_length=1000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=())

    def __init__(self, *args, choices, **kwargs):
        # The choices are the moves crises.workflows declares (see views.incident_detail).
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(choices)


class ResolveForm(forms.Form):
    what_happened = forms.CharField(label=_("Apa yang terjadi"), widget=forms.Textarea(attrs={"rows": 4}))
    what_worked = forms.CharField(
        label=_("Apa yang berjalan baik dan apa yang kurang"), widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_ups = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm_loose_ends = forms.BooleanField(
        label=_("Tetap selesaikan meskipun masih ada pertanyaan media atau pernyataan yang terbuka"),
        required=False,
    )

    def __init__(self, *args, loose_ends=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not loose_ends:
            # Nothing left open: nothing to confirm (the service still checks at the moment of closing).
            del self.fields["confirm_loose_ends"]


class TimelineEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=TimelineEntry.Kind.choices, initial="update")
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    is_public = forms.BooleanField(
        label=_("Sudah disampaikan ke publik"),
        required=False,
        help_text=_("Hanya untuk pembaruan/pernyataan; mengatur ulang hitung mundur pembaruan berikutnya."),
    )
    corrects = forms.ModelChoiceField(
        label=_("Mengoreksi entri"), queryset=TimelineEntry.objects.none(), required=False
    )

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = TimelineEntry.objects.filter(incident=incident).order_by(
            "-occurred_at"
        )
        self.fields["corrects"].label_from_instance = lambda e: (
            f"#{e.pk} {e.get_kind_display()}: {e.body[:50]}"
        )

    def clean(self):
        data = super().clean()
        if data.get("is_public") and data.get("kind") not in TimelineEntry.PUBLIC_KINDS:
            self.add_error("is_public", _("Hanya pembaruan atau pernyataan yang dapat ditandai publik."))
        return data


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=250)
    # Rich text: whatever the editor sends is cleaned by kernel.sanitize in the service.
    body = forms.CharField(label=_("Isi"), widget=StatementEditor())


class StatementDraftForm(StatementForm):
    template = forms.ModelChoiceField(
        label=_("Templat"),
        queryset=StatementTemplate.objects.none(),
        required=False,
        help_text=_("Hanya templat yang disetujui dan belum lewat tanggal tinjau ulang."),
    )
    body = forms.CharField(
        label=_("Isi"),
        widget=StatementEditor(),
        required=False,
        help_text=_("Kosongkan untuk memakai isi templat apa adanya."),
    )

    field_order = ["template", "title", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = statement_templates_usable()

    def clean(self):
        data = super().clean()
        if not data.get("template") and rich_text_is_empty(data.get("body")):
            self.add_error("body", _("Tulis isinya atau pilih templat."))
        return data


class RejectForm(forms.Form):
    comment = forms.CharField(label=_("Catatan penolakan"), widget=forms.Textarea(attrs={"rows": 3}))


class ReleaseForm(forms.Form):
    publish = forms.BooleanField(
        label=_("Terbitkan di halaman Pernyataan Resmi"), required=False, initial=True
    )
    contact_list = forms.ModelChoiceField(
        label=_("Kirim ke daftar kontak"),
        queryset=ContactList.objects.order_by("name"),
        required=False,
        empty_label=_("— jangan kirim —"),
    )

    def __init__(self, *args, can_send=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_send:
            del self.fields["contact_list"]

    def clean(self):
        data = super().clean()
        if not data.get("publish") and not data.get("contact_list"):
            raise forms.ValidationError(
                _("Pilih terbitkan di halaman publik dan/atau kirim ke daftar kontak.")
            )
        return data


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=250)
    scenario = forms.ChoiceField(label=_("Skenario"), choices=Scenario.choices)
    body = forms.CharField(label=_("Isi"), widget=StatementEditor())


class TemplateApproveForm(forms.Form):
    review_date = forms.DateField(label=_("Tinjau ulang paling lambat"), widget=DateInput())

    def clean_review_date(self):
        value = self.cleaned_data["review_date"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Tanggal tinjau ulang harus setelah hari ini."))
        return value


class CadenceForm(forms.Form):
    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for severity, label in Severity.choices:
            self.fields[f"sev_{severity}"] = forms.IntegerField(
                label=label, min_value=5, max_value=60 * 24 * 7, initial=current.get(severity)
            )

    def minutes_by_severity(self):
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items()}


class InquiryForm(forms.ModelForm):
    journalist = forms.ModelChoiceField(
        label=_("Wartawan (dari kontak)"),
        queryset=Journalist.objects.filter(erased_at__isnull=True).select_related("outlet").order_by("name"),
        required=False,
        # Search as you type: a <select> of 100,000 contacts would weigh megabytes.
        widget=JournalistPicker(),
    )
    deadline = forms.DateTimeField(
        label=_("Tenggat"), required=False, widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )
    assignee = UserChoiceField(label=_("Petugas"), queryset=None, required=False)
    incident = forms.ModelChoiceField(
        label=_("Insiden"),
        queryset=Incident.objects.exclude(status=Incident.Status.RESOLVED).order_by("severity", "-opened_at"),
        required=False,
    )

    class Meta:
        model = MediaInquiry
        fields = [
            "incident",
            "journalist",
            "journalist_name",
            "outlet_name",
            "channel",
            "question",
            "deadline",
            "assignee",
            "answer",
            "status",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, status_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = incident_staff_choices()
        if status_choices is not None:
            # Editing: the current status and the moves the declaration allows from it.
            self.fields["status"].choices = list(status_choices)
        if self.instance.pk and self.instance.incident_id:
            # A resolved incident stays selectable on its own inquiries.
            self.fields["incident"].queryset = (
                Incident.objects.filter(pk=self.instance.incident_id) | self.fields["incident"].queryset
            )

    def clean(self):
        data = super().clean()
        if not data.get("journalist") and not (data.get("journalist_name") or "").strip():
            self.add_error("journalist_name", _("Pilih wartawan dari kontak atau tuliskan namanya."))
        if data.get("status") == MediaInquiry.Status.ANSWERED and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Tuliskan jawabannya sebelum menandai pertanyaan sebagai dijawab."))
        return data

    def _post_clean(self):
        # The service builds and validates the row; skip the ModelForm's instance construction so the
        # model's created_by (not on the form) is not validated here.
        pass


class InquiryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua"))] + list(MediaInquiry.Status.choices), required=False
    )
    terbuka = forms.BooleanField(label=_("Hanya yang belum selesai"), required=False)
