"""The journalist picker: a search-as-you-type field instead of a <select> of every contact
(100,000 options would make the page megabytes). The value is the journalist's id in a hidden
input; the visible box asks contacts' search endpoint as the user types (static/js/picker.js)."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


class JournalistPicker(forms.Widget):
    def __init__(self, attrs=None):
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        from .models import Journalist

        attrs = self.build_attrs(self.attrs, attrs)
        widget_id = attrs.get("id") or f"id_{name}"
        label = ""
        if value not in (None, ""):
            journalist = Journalist.objects.select_related("outlet").filter(pk=value).first()
            label = journalist.picker_label if journalist else ""
        return format_html(
            '<div class="picker" data-journalist-picker data-url="{url}">'
            '<input type="hidden" name="{name}" value="{value}" data-picker-value>'
            '<input type="search" id="{id}" value="{label}" autocomplete="off" role="combobox" '
            'aria-autocomplete="list" aria-expanded="false" aria-controls="{id}-options" '
            'placeholder="{placeholder}" data-picker-input>'
            '<ul id="{id}-options" role="listbox" class="picker-options" hidden></ul>'
            "</div>",
            url=reverse("staff_contacts:journalist_search"),
            name=name,
            value="" if value is None else value,
            id=widget_id,
            label=label,
            placeholder=_("Ketik nama, e-mail atau media…"),
        )

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None
