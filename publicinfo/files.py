"""What a public document may be: checked by its content (kernel.files.file_kind, the one sniffer),
not by its name or the browser's word."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kernel.files import file_kind

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {"pdf", "docx", "xlsx", "odt", "csv"}


def validate_document_file(upload):
    """Returns the detected type ("pdf", "docx", ...) or raises ValidationError (Indonesian)."""
    if upload is None:
        raise ValidationError(_("Pilih berkas untuk diunggah."))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB). Batasnya %(max)s MB."),
            params={"size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024},
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong."))
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED:
        raise ValidationError(_("Jenis berkas tidak diizinkan. Yang boleh: PDF, DOCX, XLSX, ODT, CSV."))
    kind = file_kind(upload)
    if kind != extension:
        raise ValidationError(
            _("Isi berkas tidak cocok dengan jenisnya (.%(ext)s). Unggah berkas %(ext_upper)s yang asli."),
            params={"ext": extension, "ext_upper": extension.upper()},
        )
    return kind
