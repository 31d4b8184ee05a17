"""What a public document may be: checked by its content, not its name or the browser's word."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {"pdf", "docx", "xlsx", "odt", "csv"}
_ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _sniff(head, upload):
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                for kind, marker in _ZIP_MARKERS.items():
                    if marker in names:
                        return kind
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The head may end inside a multi-byte character: retry without the last bytes.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if "\x00" in text or "<" in text[:200].lstrip()[:1]:
        return None
    return "csv" if ("," in text or ";" in text) else None


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
    upload.seek(0)
    head = upload.read(4096)
    kind = _sniff(head, upload)
    upload.seek(0)
    if kind != extension:
        raise ValidationError(
            _("Isi berkas tidak cocok dengan jenisnya (.%(ext)s). Unggah berkas %(ext_upper)s yang asli."),
            params={"ext": extension, "ext_upper": extension.upper()},
        )
    return kind
