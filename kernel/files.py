"""One file-type sniffer: what an upload is, judged by its bytes, never by its name or by what
the browser claims. Callers decide which kinds they accept."""

import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
HEAD_BYTES = 4096


def file_kind(upload):
    """'pdf', 'docx', 'xlsx', 'odt', 'csv' or None. Leaves the file at position 0."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    try:
        return _kind(head, upload)
    finally:
        upload.seek(0)


def _kind(head, upload):
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "[Content_Types].xml" in names or any(m in names for m in _ZIP_MARKERS.values()):
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
    if "\x00" in text or text[:200].lstrip()[:1] == "<":
        return None
    return "csv" if ("," in text or ";" in text) else None
