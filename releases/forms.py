from django import forms
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget
from PIL import Image, UnidentifiedImageError

from kernel.files import file_kind
from kernel.media import image_check_size, image_clean

from .models import (
    Category,
    Release,
    ReleaseAttachment,
    ReleaseContact,
    ReleaseCorrection,
    ReleasePhoto,
    ReleaseQuote,
)

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def check_image(upload):
    """An image is what Pillow can open and verify, whatever its name says; its pixel count is
    checked from the header first (kernel.media), so a decompression bomb is never decoded."""
    if upload.size > MAX_IMAGE_BYTES:
        raise forms.ValidationError(_("Gambar terlalu besar (maksimal 8 MB)."))
    image_check_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(
            _("Berkas ini bukan gambar yang valid (JPEG, PNG, WebP atau GIF).")
        ) from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Format gambar tidak didukung (JPEG, PNG, WebP atau GIF)."))
    return IMAGE_FORMATS[fmt]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class ReleaseForm(forms.ModelForm):
    # The version this edit started from (optimistic locking, releases.services.release_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    tags_text = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=500,
        help_text=_("Pisahkan dengan koma, mis. kesehatan, banjir, APBD."),
    )

    class Meta:
        model = Release
        fields = [
            "title",
            "summary",
            "body",
            "category",
            "language",
            "hero_image",
            "hero_alt",
            "hero_caption",
            "hero_credit",
            "embargo_until",
            "publish_at",
        ]
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "embargo_until": DateTimeLocalInput(),
            "publish_at": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("name")
        self.fields["category"].empty_label = _("— tanpa kategori —")
        for name in ("embargo_until", "publish_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["body"].required = False
        self.fields["hero_image"].widget = forms.ClearableFileInput(attrs={"accept": "image/*"})
        if self.instance.pk and not self.is_bound:
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())
            self.initial["version"] = self.instance.version

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if image and "hero_image" in self.changed_data and hasattr(image, "content_type"):
            check_image(image)
            return image_clean(image)
        return image

    def clean(self):
        data = super().clean()
        has_image = data.get("hero_image") or (
            self.instance.hero_image and data.get("hero_image") is not False
        )
        if has_image and not (data.get("hero_alt") or "").strip():
            self.add_error("hero_alt", _("Teks alternatif wajib diisi untuk foto utama."))
        embargo, publish_at = data.get("embargo_until"), data.get("publish_at")
        if embargo and publish_at and publish_at < embargo:
            self.add_error("publish_at", _("Waktu terbit tidak boleh sebelum embargo berakhir."))
        return data

    def tag_names(self):
        return [t.strip() for t in self.cleaned_data.get("tags_text", "").split(",") if t.strip()]

    def content_data(self):
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields if f != "hero_image"}

    def hero_image_value(self):
        """None: unchanged; "" : cleared; a file: new image."""
        if "hero_image" not in self.changed_data:
            return None
        value = self.cleaned_data.get("hero_image")
        return "" if value is False else value


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ReleasePhoto
        fields = ["image", "alt", "caption", "credit"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data and hasattr(image, "content_type"):
            check_image(image)
            return image_clean(image)
        return image


def check_attachment(upload):
    """An attachment is judged by its bytes (kernel.files): of what it recognises, only PDF, DOCX
    and XLSX are attachments. Returns the content type."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(_("Lampiran terlalu besar (maksimal 15 MB)."))
    kind = file_kind(upload)
    if kind not in ATTACHMENT_TYPES:
        raise forms.ValidationError(_("Lampiran harus berupa PDF, DOCX atau XLSX yang valid."))
    return ATTACHMENT_TYPES[kind]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ReleaseAttachment
        fields = ["file", "title"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and hasattr(upload, "content_type"):
            self.detected_type = check_attachment(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("file") and not (data.get("title") or "").strip():
            name = getattr(data["file"], "name", "") or ""
            data["title"] = name.rsplit("/", 1)[-1][:200]
        return data


class QuoteForm(forms.ModelForm):
    class Meta:
        model = ReleaseQuote
        fields = ["speaker", "role", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ReleaseContact
        fields = ["name", "role", "phone", "email"]


# Quotes and contacts are saved as a whole list (releases.services._sync_rows replaces the rows),
# so their forms carry no row ids: an edit posted after someone else's save (which made new rows)
# must still validate, reach the version check and keep what was typed.
_QuoteFormSet = formset_factory(QuoteForm, extra=1, can_delete=True)
_ContactFormSet = formset_factory(ContactForm, extra=1, can_delete=True)


def _rows_formset(formset_class, fields, related):
    def build(data=None, *, instance, prefix):
        initial = None
        if instance is not None and instance.pk:
            initial = [{f: getattr(row, f) for f in fields} for row in getattr(instance, related).all()]
        return formset_class(data, initial=initial, prefix=prefix)

    return build


QuoteFormSet = _rows_formset(_QuoteFormSet, ("speaker", "role", "text"), "quotes")
ContactFormSet = _rows_formset(_ContactFormSet, ("name", "role", "phone", "email"), "contacts")
# No blank row: new photos come through the several-at-once input (releases.views._with_new_photos).
PhotoFormSet = inlineformset_factory(Release, ReleasePhoto, form=PhotoForm, extra=0, can_delete=True)
AttachmentFormSet = inlineformset_factory(
    Release, ReleaseAttachment, form=AttachmentForm, extra=1, can_delete=True
)


def formset_rows(formset, fields):
    """The rows of a quotes/contacts formset in order: the existing ones not marked for deletion
    and the extra ones filled in."""
    rows = []
    initial_count = formset.initial_form_count()
    for i, form in enumerate(formset.forms):
        if not form.cleaned_data:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        if i >= initial_count and not form.has_changed():
            continue
        rows.append({f: form.cleaned_data.get(f) or "" for f in fields})
    return rows


def file_rows(formset, file_field, fields):
    rows = []
    for form in formset.forms:
        if not form.cleaned_data:
            continue
        obj = form.cleaned_data.get("id")
        row = {"id": obj.pk if obj else None, "delete": bool(form.cleaned_data.get("DELETE"))}
        if file_field in form.changed_data and form.cleaned_data.get(file_field):
            row[file_field] = form.cleaned_data[file_field]
            if file_field == "file":
                row["content_type"] = getattr(form, "detected_type", "")
                row["size"] = form.cleaned_data[file_field].size
        for f in fields:
            row[f] = form.cleaned_data.get(f) or ""
        rows.append(row)
    return rows


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Terbit pada"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )


class CorrectionForm(forms.Form):
    """A correction of a published release: its kind, the corrected text, a caption per photo,
    attachments to remove and the public note. Quotes and contacts come in their formsets, new
    attachments in CorrectionAttachmentFormSet."""

    kind = forms.ChoiceField(
        label=_("Jenis koreksi"),
        widget=forms.RadioSelect,
        choices=ReleaseCorrection.Kind.choices,
        help_text=_(
            "Koreksi kecil langsung tampil. Koreksi besar (fakta, angka, kutipan, lampiran) baru tampil "
            "setelah disetujui orang lain; sampai itu versi yang terbit tetap berlaku."
        ),
    )
    title = forms.CharField(label=_("Judul"), max_length=250)
    summary = forms.CharField(
        label=_("Ringkasan/teras"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(label=_("Isi"), widget=CKEditor5Widget(config_name="default"), required=False)
    change_note = forms.CharField(
        label=_("Catatan perubahan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib; tampil di halaman publik."),
    )

    hero_caption = forms.CharField(label=_("Keterangan foto utama"), max_length=300, required=False)
    remove_attachments = forms.MultipleChoiceField(
        label=_("Hapus lampiran"), widget=forms.CheckboxSelectMultiple, required=False, choices=()
    )

    field_order = ["kind", "title", "summary", "body", "hero_caption"]

    def __init__(self, *args, release, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = release
        self.fields["kind"].choices = [c for c in ReleaseCorrection.Kind.choices if c[0] in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        if not release.hero_image:
            del self.fields["hero_caption"]
        self.photo_fields = []
        for photo in release.photos.all():
            name = f"caption_{photo.pk}"
            self.fields[name] = forms.CharField(
                label=_("Keterangan foto: %(alt)s") % {"alt": photo.alt},
                max_length=300,
                required=False,
                initial=photo.caption,
            )
            self.photo_fields.append(name)
        attachments = list(release.attachments.all())
        if attachments:
            self.fields["remove_attachments"].choices = [(str(a.pk), a.title) for a in attachments]
        else:
            del self.fields["remove_attachments"]
        # The note is asked last: it sums up what the fields above changed.
        self.order_fields([*self.field_order, *self.photo_fields, "remove_attachments", "change_note"])

    def captions(self):
        return {
            name.removeprefix("caption_"): self.cleaned_data.get(name) or "" for name in self.photo_fields
        }

    def content_data(self):
        return {
            k: self.cleaned_data[k]
            for k in ("title", "summary", "body", "hero_caption")
            if k in self.cleaned_data
        }


# --- an edit refused as stale: what the form shows again ----------------------------------------
# The release form's own fields and how a snapshot value is written in them.
MERGE_FIELDS = (
    "title",
    "summary",
    "body",
    "category",
    "tags_text",
    "language",
    "embargo_until",
    "publish_at",
    "hero_alt",
    "hero_caption",
    "hero_credit",
)
MERGE_ROWS = {"quotes": ("speaker", "role", "text"), "contacts": ("name", "role", "phone", "email")}


def _as_input(field, snapshot):
    """The value of `field` in a revision snapshot, written as the form's input would be."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if field in ("hero_alt", "hero_caption", "hero_credit"):
        return ((snapshot.get("hero") or {}).get(field[5:]) or "").strip()
    if field == "tags_text":
        return ", ".join(snapshot.get("tags") or [])
    if field == "category":
        name = snapshot.get("category") or ""
        category = Category.objects.filter(name=name).first() if name else None
        return str(category.pk) if category else ""
    if field in ("embargo_until", "publish_at"):
        moment = parse_datetime(snapshot.get(field) or "")
        return timezone.localtime(moment).strftime(DATETIME_FORMAT) if moment else ""
    return (snapshot.get(field) or "").strip()


def _normalised(field, value):
    from kernel.sanitize import sanitize_html

    value = (value or "").strip()
    if field == "body":
        return sanitize_html(value).strip()
    if field == "tags_text":
        return sorted(t.strip() for t in value.split(",") if t.strip())
    return value


def _posted_rows(data, prefix, fields):
    rows = []
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return rows
    for i in range(min(total, 1000)):
        if data.get(f"{prefix}-{i}-DELETE"):
            continue
        row = {f: (data.get(f"{prefix}-{i}-{f}") or "").strip() for f in fields}
        if any(row.values()):
            rows.append(row)
    return rows


def merge_stale_edit(data, base, newest):
    """Someone saved `newest` after the edit in `data` (a POST) started from `base` (two revision
    snapshots). Returns (merged data, fields taken from theirs, fields both changed): where only
    they changed a field, the form now shows theirs; where the user changed it, hers stays. So
    "reapply mine" puts back only what she changed, and nobody's work is silently undone."""
    merged = data.copy()
    taken, both = [], []
    for field in MERGE_FIELDS:
        if field not in data:
            continue
        base_value, their_value = _as_input(field, base), _as_input(field, newest)
        if _normalised(field, base_value) == _normalised(field, their_value):
            continue  # they did not touch it
        if _normalised(field, data.get(field)) == _normalised(field, base_value):
            merged[field] = their_value
            taken.append(field)
        else:
            both.append(field)
    for prefix, fields in MERGE_ROWS.items():
        clean = [{f: (row.get(f) or "").strip() for f in fields} for row in (base.get(prefix) or [])]
        theirs = [{f: (row.get(f) or "").strip() for f in fields} for row in (newest.get(prefix) or [])]
        if clean == theirs or f"{prefix}-TOTAL_FORMS" not in data:
            continue
        if _posted_rows(data, prefix, fields) != clean:
            both.append(prefix)
            continue
        for key in [k for k in merged if k.startswith(f"{prefix}-")]:
            del merged[key]
        merged.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(theirs) + 1),
                f"{prefix}-INITIAL_FORMS": str(len(theirs)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(theirs):
            merged.update({f"{prefix}-{i}-{f}": v for f, v in row.items()})
        taken.append(prefix)
    return merged, taken, both


class CorrectionAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Lampiran baru"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
    )
    title = forms.CharField(label=_("Judul lampiran"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.detected_type = check_attachment(upload)
        return upload

    def row(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return {
            "file": upload,
            "title": self.cleaned_data.get("title") or upload.name.rsplit("/", 1)[-1][:200],
            "content_type": getattr(self, "detected_type", ""),
            "size": upload.size,
        }


CorrectionAttachmentFormSet = forms.formset_factory(CorrectionAttachmentForm, extra=2, max_num=10)


class TimingForm(forms.Form):
    """Embargo and publication time of an approved or scheduled release, with the reason."""

    embargo_until = forms.DateTimeField(
        label=_("Embargo sampai"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("Kosongkan untuk tanpa embargo."),
    )
    publish_at = forms.DateTimeField(
        label=_("Terbit pada"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(
        label=_("Alasan perubahan (wajib, dicatat di log audit)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
