from django import forms
from django.utils.translation import gettext_lazy as _

from .files import MAX_BYTES, validate_document_file
from .models import Category, PublicDocument, Spokesperson


class DocumentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT atau CSV, paling besar %(mb)s MB.")
        % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.csv"}),
    )
    publish = forms.BooleanField(label=_("Langsung terbitkan"), required=False)

    class Meta:
        model = PublicDocument
        fields = ["title", "category", "date", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, creating=False, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        if creating:
            self.fields["file"].required = True
        if not (creating and can_publish):
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_document_file(upload)
        return upload


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kategori = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Semua kategori")), *Category.choices]
    )


class SpokespersonForm(forms.ModelForm):
    class Meta:
        model = Spokesperson
        fields = ["name", "position", "topics", "phone", "email", "order", "is_active"]
