from django import forms
from django.utils.translation import gettext_lazy as _

from .media import image_clean
from .models import OrganisationProfile


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")

    class Meta:
        model = OrganisationProfile
        fields = [
            "name",
            "short_name",
            "unit_name",
            "logo",
            "address",
            "phone",
            "email",
            "website",
            "release_number_pattern",
            "dateline_city",
            "boilerplate",
            "boilerplate_en",
            "mail_track_recipients",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "boilerplate": forms.Textarea(attrs={"rows": 4}),
            "boilerplate_en": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_logo(self):
        # A new logo is re-encoded (no metadata, no polyglot) and size-checked before decoding.
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            return image_clean(logo)
        return logo
