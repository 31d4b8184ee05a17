"""Reading and checking contact files (CSV and XLSX). Nothing here writes to the database: the
services run `plan_import` for the dry run and again, inside one transaction, for the commit.

Speed matters (50,000 rows in seconds), so rows are plain dicts, the stdlib csv module and
openpyxl's read-only streaming do the parsing, and the database is asked once per 5,000 e-mails.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python as phone_to_python

from kernel.refusal import Refusal

from .models import Beat, Journalist, LawfulBasis, MediaOutlet, OutletType
from .suppression import evidence_fresh, suppressed_entries
from .taxonomy import _index as taxonomy_index
from .taxonomy import _key as _taxonomy_key
from .taxonomy import region_canonical

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
INLINE_MAX_ROWS = 2000  # above this the dry run and the commit run in a Celery task
MAX_ROWS = 100_000  # a small XLSX can unpack to millions of rows; refuse before that costs
REPORT_MAX_ENTRIES = 1000
PROGRESS_EVERY = 1000


class ImportRefused(Refusal):
    """The file can not be read at all (wrong type, too large, unknown encoding, empty): a
    kernel Refusal, shown on the upload form's file field."""

    def __init__(self, message, *, field="file", code="unreadable"):
        super().__init__(message, field=field, code=code)


# Header names (normalised: lower case, separators as single spaces) -> field.
HEADER_ALIASES = {
    "name": ["nama", "nama lengkap", "nama wartawan", "name", "full name", "journalist", "wartawan"],
    "email": ["email", "e mail", "surel", "alamat email", "alamat e mail", "alamat surel", "email address"],
    "phone": [
        "telepon",
        "telp",
        "no telp",
        "no telepon",
        "nomor telepon",
        "hp",
        "no hp",
        "nomor hp",
        "ponsel",
        "whatsapp",
        "wa",
        "phone",
        "phone number",
        "mobile",
    ],
    "outlet": ["media", "nama media", "outlet", "media outlet", "redaksi", "publication", "perusahaan media"],
    "outlet_type": ["jenis media", "tipe media", "jenis", "outlet type", "media type", "type"],
    "beat": ["desk", "liputan", "desk liputan", "bidang liputan", "beat", "desk beat", "rubrik"],
    "region": ["wilayah", "daerah", "kota", "provinsi", "region", "city", "area"],
    "language": ["bahasa", "language", "lang"],
    "notes": ["catatan", "keterangan", "notes", "note", "comments"],
    "lawful_basis": ["dasar pemrosesan", "dasar hukum", "lawful basis", "legal basis"],
    "consent_source": ["sumber persetujuan", "consent source", "sumber"],
    "consent_date": ["tanggal persetujuan", "consent date", "tgl persetujuan"],
}
HEADER_MAP = {alias: fieldname for fieldname, aliases in HEADER_ALIASES.items() for alias in aliases}
REQUIRED_FIELDS = ("name", "email")
MAX_LENGTHS = {
    "name": 200,
    "email": 254,
    "outlet": 200,
    "beat": 100,
    "region": 100,
    "consent_source": 200,
    "notes": 5000,
}
FIELD_LABELS = {
    "name": "nama",
    "email": "e-mail",
    "phone": "telepon",
    "outlet": "media",
    "outlet_type": "jenis media",
    "beat": "desk/liputan",
    "region": "wilayah",
    "language": "bahasa",
    "notes": "catatan",
    "lawful_basis": "dasar pemrosesan",
    "consent_source": "sumber persetujuan",
    "consent_date": "tanggal persetujuan",
}

OUTLET_TYPE_WORDS = {
    "print": OutletType.PRINT,
    "cetak": OutletType.PRINT,
    "koran": OutletType.PRINT,
    "surat kabar": OutletType.PRINT,
    "majalah": OutletType.PRINT,
    "media cetak": OutletType.PRINT,
    "online": OutletType.ONLINE,
    "daring": OutletType.ONLINE,
    "portal": OutletType.ONLINE,
    "media online": OutletType.ONLINE,
    "media daring": OutletType.ONLINE,
    "tv": OutletType.TV,
    "televisi": OutletType.TV,
    "television": OutletType.TV,
    "radio": OutletType.RADIO,
    "agency": OutletType.AGENCY,
    "kantor berita": OutletType.AGENCY,
    "news agency": OutletType.AGENCY,
}
LANGUAGE_WORDS = {
    "id": "id",
    "ind": "id",
    "indonesia": "id",
    "bahasa indonesia": "id",
    "en": "en",
    "eng": "en",
    "english": "en",
    "inggris": "en",
    "bahasa inggris": "en",
}
LAWFUL_BASIS_WORDS = {
    **{value: value for value in LawfulBasis.values},
    "persetujuan": LawfulBasis.CONSENT,
    "perjanjian": LawfulBasis.CONTRACT,
    "kontrak": LawfulBasis.CONTRACT,
    "kewajiban hukum": LawfulBasis.LEGAL_OBLIGATION,
    "legal obligation": LawfulBasis.LEGAL_OBLIGATION,
    "tugas pelayanan publik": LawfulBasis.PUBLIC_TASK,
    "public task": LawfulBasis.PUBLIC_TASK,
    "kepentingan yang sah": LawfulBasis.LEGITIMATE_INTEREST,
    "legitimate interest": LawfulBasis.LEGITIMATE_INTEREST,
    # The labels our own exports write.
    "persetujuan (consent)": LawfulBasis.CONSENT,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")

_SEPARATORS = re.compile(r"[\s_\-./:]+")
_email_validator = EmailValidator()
_FORMULA_PREFIX = ("=", "+", "-", "@")


def normalise_header(value):
    return _SEPARATORS.sub(" ", str(value or "").replace("\ufeff", "").strip().lower()).strip()


def _word(value):
    return _SEPARATORS.sub(" ", value.strip().lower()).strip()


# --- reading the file ------------------------------------------------------------------------
def detect_format(head, file_name):
    """'csv' or 'xlsx' from the first bytes and the name; ImportRefused for anything else."""
    name = (file_name or "").lower()
    if head.startswith(b"PK\x03\x04"):
        if name.endswith(".xlsx"):
            return "xlsx"
        raise ImportRefused(_("Berkas ini bukan CSV atau XLSX. Unggah berkas .csv atau .xlsx."))
    if not name.endswith((".csv", ".txt")):
        raise ImportRefused(_("Jenis berkas tidak didukung. Unggah berkas .csv atau .xlsx."))
    if not head.strip():
        raise ImportRefused(_("Berkas kosong: tidak ada baris untuk diimpor."))
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise ImportRefused(
            _("Berkas ini bukan teks CSV (isinya biner). Simpan ulang sebagai CSV atau XLSX lalu unggah.")
        )
    return "csv"


def decode_text(data):
    """UTF-8 (with or without BOM), else Windows-1252 (Excel's default on Indonesian Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _("Pengodean berkas tidak dikenali. Simpan berkas sebagai CSV UTF-8 lalu unggah lagi.")
        ) from exc


def _csv_rows(data):
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportRefused(_("Berkas CSV rusak: %(error)s") % {"error": exc}) from exc


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path):
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportRefused(
            _("Berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel lalu unggah.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in row]
    finally:
        workbook.close()


def read_rows(path, file_format):
    """Every row of the file as a list of strings (the header first)."""
    if file_format == "xlsx":
        return _xlsx_rows(path)
    with open(path, "rb") as fh:
        data = fh.read()
    return _csv_rows(data)


def count_rows(path, file_format):
    """A cheap upper bound on the number of data rows, to choose in-request or Celery."""
    if file_format == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True)
            rows = workbook.worksheets[0].max_row or 0
            workbook.close()
        except Exception:  # unreadable files are refused properly by the dry run
            return 0
        return max(rows - 1, 0)
    with open(path, "rb") as fh:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")), 0)


# --- checking rows ---------------------------------------------------------------------------
@dataclass
class ImportPlan:
    columns: dict = field(default_factory=dict)  # column index -> field
    rows: list = field(default_factory=list)  # validated dicts to create or update, in file order
    report: list = field(default_factory=list)
    error_count: int = 0
    total_rows: int = 0
    create_count: int = 0
    update_count: int = 0
    skip_count: int = 0
    outlets_new: dict = field(default_factory=dict)  # lower name -> (name, type)
    outlets: dict = field(default_factory=dict)  # lower name -> pk
    report_truncated: bool = False
    missing_columns: bool = False
    # {"source", "date", "document"} given with the upload: lets suppressed addresses in.
    consent_evidence: dict | None = None
    suppressed_skipped: int = 0
    suppressed_overridden: list = field(default_factory=list)  # addresses to clear at commit
    file_emails: set = field(default_factory=set)  # every valid e-mail of the file
    suppressed_skipped_emails: list = field(default_factory=list)
    # What to do with an optional value that fails its check: keep it raw (flagged on the
    # contact for someone to look at) or drop it. Either way the row is imported.
    on_invalid_optional: str = "keep"
    warning_count: int = 0
    # Rows with an error or a flagged value, as read, with the reasons: the downloadable error
    # file (the user fixes those rows and imports them again).
    problem_rows: list = field(default_factory=list)
    header: list = field(default_factory=list)
    region_index: dict | None = None
    beats: dict = field(default_factory=dict)  # normalised name -> the list's spelling
    beats_new: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)  # headers no alias matched (mapping page)
    # Per row number, the reasons reported for it (kept only for rows that end in problem_rows).
    _row_reasons: dict = field(default_factory=dict)

    def add(self, row, fieldname, message, level="error", value=None):
        if level == "error":
            self.error_count += 1
        elif level == "warning":
            self.warning_count += 1
        if row is not None and row > 1 and level in ("error", "warning"):
            label = FIELD_LABELS.get(fieldname, fieldname)
            self._row_reasons.setdefault(row, []).append(
                f"{label}: {message}" + (f" ({value})" if value not in (None, "") else "")
            )
        if len(self.report) < REPORT_MAX_ENTRIES:
            entry = {
                "row": row,
                "field": FIELD_LABELS.get(fieldname, fieldname),
                "level": level,
                "message": message,
            }
            if value not in (None, ""):
                entry["value"] = str(value)[:120]
            self.report.append(entry)
        else:
            self.report_truncated = True


def _clean_cell(value):
    value = value.strip()
    # Our own exports neutralise formulas with a leading apostrophe; read them back unchanged.
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_PREFIX:
        value = value[1:]
    return value


def _parse_date(value):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _optional_problem(plan, number, fieldname, raw, message, clean):
    """An optional value that fails its check: a warning, never a blocker. Kept raw on the
    contact's "perlu dicek" values (on_invalid_optional="keep") or left out ("drop")."""
    if plan.on_invalid_optional == "keep":
        clean.setdefault("_flagged", {})[fieldname] = raw
        message = _("%(problem)s Nilainya disimpan apa adanya dan ditandai perlu dicek.") % {
            "problem": message
        }
    else:
        message = _("%(problem)s Nilainya tidak diimpor.") % {"problem": message}
    plan.add(number, fieldname, message, "warning", value=raw)


def _validate_row(plan, number, values):
    """A dict of clean values, or None when the row has errors (reported on `plan`). Only the
    required fields (name, e-mail), over-long text and the lawful basis block a row; an
    optional value that fails a strict check is a warning (see _optional_problem)."""
    clean = {}
    ok = True
    for fieldname, raw in values.items():
        value = _clean_cell(raw)
        limit = MAX_LENGTHS.get(fieldname)
        if limit and len(value) > limit:
            plan.add(
                number,
                fieldname,
                _("Terlalu panjang (%(len)s karakter; paling banyak %(n)s).")
                % {"n": limit, "len": len(value)},
                value=value[:40] + "…",
            )
            ok = False
            continue
        if fieldname == "email":
            value = value.lower()
            if not value:
                plan.add(number, fieldname, _("Wajib diisi."))
                ok = False
                continue
            try:
                _email_validator(value)
            except ValidationError:
                plan.add(number, fieldname, _("Alamat e-mail tidak valid."), value=value)
                ok = False
                continue
        elif fieldname == "name":
            if not value:
                plan.add(number, fieldname, _("Wajib diisi."))
                ok = False
                continue
        elif fieldname == "phone" and value:
            number_obj = phone_to_python(value, region="ID")
            if number_obj is None or not getattr(number_obj, "is_valid", lambda: False)():
                _optional_problem(plan, number, fieldname, value, _("Nomor telepon tidak valid."), clean)
                continue
            value = number_obj
        elif fieldname == "outlet_type" and value:
            mapped = OUTLET_TYPE_WORDS.get(_word(value))
            if mapped is None:
                _optional_problem(
                    plan,
                    number,
                    fieldname,
                    value,
                    _("Jenis media tidak dikenal (pakai cetak, daring, televisi, radio atau kantor berita)."),
                    clean,
                )
                continue
            value = str(mapped)
        elif fieldname == "language" and value:
            mapped = LANGUAGE_WORDS.get(_word(value))
            if mapped is None:
                _optional_problem(
                    plan, number, fieldname, value, _("Bahasa tidak dikenal (pakai id atau en)."), clean
                )
                continue
            value = mapped
        elif fieldname == "region" and value:
            canonical = region_canonical(value, index=plan.region_index)
            if canonical is None:
                _optional_problem(
                    plan,
                    number,
                    fieldname,
                    value,
                    _("Wilayah tidak ada di daftar provinsi dan kabupaten/kota."),
                    clean,
                )
                continue
            value = canonical
        elif fieldname == "beat" and value:
            canonical = plan.beats.get(_taxonomy_key(value))
            if canonical is None:
                # A desk not on the staff list yet joins it when the import is committed.
                canonical = " ".join(value.split())
                plan.beats[_taxonomy_key(value)] = canonical
                plan.beats_new.append(canonical)
                plan.add(
                    number,
                    fieldname,
                    _("Desk baru; ditambahkan ke daftar desk saat impor disimpan."),
                    "info",
                    value=canonical,
                )
            value = canonical
        elif fieldname == "lawful_basis" and value:
            # The legal basis of processing (UU PDP) is never guessed: an unknown one blocks.
            mapped = LAWFUL_BASIS_WORDS.get(_word(value).replace(" ", "_")) or LAWFUL_BASIS_WORDS.get(
                _word(value)
            )
            if mapped is None:
                plan.add(number, fieldname, _("Dasar pemrosesan tidak dikenal."), value=value)
                ok = False
                continue
            value = str(mapped)
        elif fieldname == "consent_date" and value:
            parsed = _parse_date(value)
            if parsed is None:
                _optional_problem(
                    plan,
                    number,
                    fieldname,
                    value,
                    _("Tanggal tidak valid (pakai format TTTT-BB-HH atau HH/BB/TTTT)."),
                    clean,
                )
                continue
            value = parsed
        clean[fieldname] = value
    return clean if ok else None


def plan_import(
    rows, *, on_duplicate, progress=None, consent_evidence=None, mapping=None, on_invalid_optional="keep"
):
    """Check every row and decide, per e-mail, create / update / skip. Reads the database
    (existing e-mails and outlets) but writes nothing."""
    plan = plan_file(
        rows,
        on_duplicate=on_duplicate,
        progress=progress,
        mapping=mapping,
        on_invalid_optional=on_invalid_optional,
    )
    plan.consent_evidence = consent_evidence
    if not plan.missing_columns:
        match_database(plan, on_duplicate)
    return plan


def header_columns(header, mapping=None):
    """{column index: field} for a header row, and the headers nothing matched. `mapping`
    ({str(index): field or ""}) is the user's choice on the mapping page and wins over the
    aliases; "" means "ignore this column"."""
    mapping = mapping or {}
    columns, unknown, notes = {}, [], []
    for index, title in enumerate(header):
        chosen = mapping.get(str(index))
        if chosen is not None:
            fieldname = chosen or None
            if fieldname and fieldname not in FIELD_LABELS:
                fieldname = None
        else:
            key = normalise_header(title)
            if not key:
                continue
            fieldname = HEADER_MAP.get(key)
            if fieldname is None:
                unknown.append((index, title))
                notes.append((title, _("Kolom tidak dikenal; diabaikan.")))
                continue
        if fieldname is None:
            continue
        if fieldname in columns.values():
            notes.append((title, _("Kolom ganda; hanya kolom pertama yang dipakai.")))
        else:
            columns[index] = fieldname
    return columns, unknown, notes


def plan_file(rows, *, on_duplicate, progress=None, mapping=None, on_invalid_optional="keep"):
    """The part of the check that depends on the file alone (no database)."""
    plan = ImportPlan(on_invalid_optional=on_invalid_optional)
    plan.region_index = taxonomy_index()
    plan.beats = {_taxonomy_key(name): name for name in Beat.objects.values_list("name", flat=True)}
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(cell.strip() for cell in header):
        raise ImportRefused(_("Berkas kosong: tidak ada baris judul kolom."))
    plan.header = list(header)
    columns, unknown, notes = header_columns(header, mapping)
    plan.unknown_columns = [[index, title] for index, title in unknown]
    for title, message in notes:
        plan.add(1, title, message, level="warning")
    plan.columns = {str(k): v for k, v in columns.items()}
    missing = [f for f in REQUIRED_FIELDS if f not in columns.values()]
    if missing:
        for fieldname in missing:
            plan.add(
                1,
                fieldname,
                _("Kolom wajib tidak ditemukan. Judul yang diterima: %(aliases)s.")
                % {"aliases": ", ".join(HEADER_ALIASES[fieldname][:4])},
            )
        plan.missing_columns = True
        return plan

    by_email = {}  # email -> index in plan.rows
    column_items = list(columns.items())
    width = len(header)
    for number, cells in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in cells if cell):
            continue  # blank lines are not rows
        plan.total_rows += 1
        if plan.total_rows > MAX_ROWS:
            raise ImportRefused(
                _(
                    "Berkas memuat lebih dari %(n)s baris. Bagi menjadi beberapa berkas lalu impor satu per satu."
                )
                % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        if progress and plan.total_rows % PROGRESS_EVERY == 0:
            progress(plan.total_rows)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            plan.add(
                number,
                "",
                _("Baris ini punya lebih banyak sel daripada judul kolom; sel lebihnya diabaikan."),
                "warning",
            )
        values = {
            fieldname: (cells[index] if index < len(cells) else "") for index, fieldname in column_items
        }
        clean = _validate_row(plan, number, values)
        if number in plan._row_reasons and (clean is None or clean.get("_flagged")):
            plan.problem_rows.append([number, list(cells[:width]), "; ".join(plan._row_reasons.pop(number))])
        plan._row_reasons.pop(number, None)
        if clean is None:
            continue
        clean["_row"] = number
        email = clean["email"]
        seen = by_email.get(email)
        if seen is not None:
            first = plan.rows[seen]["_row"]
            if on_duplicate == "update":
                plan.add(
                    number,
                    "email",
                    _("E-mail sama dengan baris %(row)s; baris ini yang dipakai.") % {"row": first},
                    "warning",
                )
                clean["_row"] = number
                plan.rows[seen] = clean
            else:
                plan.add(
                    number,
                    "email",
                    _("E-mail sama dengan baris %(row)s; baris ini dilewati.") % {"row": first},
                    "warning",
                )
            plan.skip_count += 1
            continue
        by_email[email] = len(plan.rows)
        plan.rows.append(clean)
    if plan.total_rows == 0:
        raise ImportRefused(
            _("Berkas hanya berisi judul kolom: tidak ada baris data untuk diimpor."), code="no_rows"
        )
    return plan


_SNAPSHOT_FIELDS = (
    "columns",
    "rows",
    "report",
    "error_count",
    "total_rows",
    "skip_count",
    "report_truncated",
    "warning_count",
    "on_invalid_optional",
    "beats_new",
)


def plan_dump(plan):
    """The file-only plan as JSON, so the commit need not parse and check the file again."""
    data = {name: getattr(plan, name) for name in _SNAPSHOT_FIELDS}
    data["rows"] = [
        {
            k: (v.as_e164 if k == "phone" and v else v.isoformat() if k == "consent_date" and v else v)
            for k, v in row.items()
        }
        for row in plan.rows
    ]
    return json.dumps(data, ensure_ascii=False)


def plan_load(text):
    data = json.loads(text)
    plan = ImportPlan(**{name: data[name] for name in _SNAPSHOT_FIELDS})
    for row in plan.rows:
        if row.get("consent_date"):
            row["consent_date"] = datetime.date.fromisoformat(row["consent_date"])
    return plan


def match_database(plan, on_duplicate):
    emails = [row["email"] for row in plan.rows]
    existing = {}
    for start in range(0, len(emails), 5000):
        chunk = emails[start : start + 5000]
        # A merged duplicate's address stands for the record it was merged into.
        existing.update(
            (email, merged_into or pk)
            for email, pk, merged_into in Journalist.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email_lower", "pk", "merged_into_id")
        )
    # Addresses erased or unsubscribed before come back only with fresh consent evidence.
    suppressed = suppressed_entries([row["email"] for row in plan.rows if row["email"] not in existing])
    evidence = plan.consent_evidence
    plan.file_emails = set(emails)
    plan.suppressed_skipped = 0
    plan.suppressed_skipped_emails = []
    plan.suppressed_overridden = []
    kept = []
    for row in plan.rows:
        pk = existing.get(row["email"])
        entry = suppressed.get(row["email"]) if pk is None else None
        if entry is not None:
            why = (
                _("datanya pernah dihapus atas permintaan pemiliknya (UU PDP)")
                if entry.reason == "erased"
                else _("pemiliknya pernah berhenti berlangganan")
            )
            if evidence_fresh(evidence, entry):
                row["consent_source"] = evidence["source"][:200]
                row["consent_date"] = evidence["date"]
                row["lawful_basis"] = "consent"
                plan.suppressed_overridden.append(row["email"])
                plan.add(
                    row["_row"],
                    "email",
                    _("Alamat ini %(why)s; diimpor karena ada bukti persetujuan baru.") % {"why": why},
                    "warning",
                )
            else:
                plan.skip_count += 1
                plan.suppressed_skipped += 1
                plan.suppressed_skipped_emails.append(row["email"])
                plan.add(
                    row["_row"],
                    "email",
                    _(
                        "Alamat ini %(why)s; dilewati. Untuk mengimpornya, unggah lagi berkas ini dengan "
                        "bukti persetujuan baru (sumber, tanggal pada atau setelah %(since)s, dokumen)."
                    )
                    % {"why": why, "since": timezone.localtime(entry.created_at).strftime("%d-%m-%Y")},
                    "warning",
                )
                continue
        if pk is None:
            plan.create_count += 1
            kept.append(row)
        elif on_duplicate == "update":
            row["_pk"] = pk
            plan.update_count += 1
            plan.add(row["_row"], "email", _("Sudah ada di basis data; akan diperbarui."), "info")
            kept.append(row)
        else:
            plan.skip_count += 1
            plan.add(row["_row"], "email", _("Sudah ada di basis data; dilewati."), "info")
    plan.rows = kept

    # A new outlet is named as its first row spells it, and typed by the first row that states a
    # type (a later row with an empty cell never decides it).
    names, types = {}, {}
    for row in kept:
        if row.get("outlet"):
            lower = row["outlet"].lower()
            names.setdefault(lower, row["outlet"])
            if row.get("outlet_type"):
                types.setdefault(lower, row["outlet_type"])
    if names:
        known = dict(
            MediaOutlet.objects.annotate(name_lower=Lower("name"))
            .filter(name_lower__in=list(names))
            .values_list("name_lower", "pk")
        )
        plan.outlets = known
        for lower, name in names.items():
            if lower not in known:
                plan.outlets_new[lower] = (name, types.get(lower) or OutletType.ONLINE)
