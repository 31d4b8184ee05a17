"""What contacts itself holds about a person besides the Journalist row (kernel.privacy): the
files and reports of imports that listed them."""

from django.utils.translation import gettext as _

from kernel.privacy import erasure_handler_register, text_scrub


def _file_mentions(contact_import, needles):
    from . import importing
    from .services import _snapshot_path, import_path

    lowered = [n.lower() for n in needles if n]
    try:
        snapshot = _snapshot_path(contact_import).read_text(encoding="utf-8").lower()
    except OSError:
        snapshot = ""
    if any(n in snapshot for n in lowered):
        return True
    path = import_path(contact_import)
    if not path.exists():
        return False
    try:
        for row in importing.read_rows(path, contact_import.file_format):
            text = " ".join(str(cell) for cell in row).lower()
            if any(n in text for n in lowered):
                return True
    except Exception:  # noqa: BLE001 - an unreadable file that might name the person goes too
        return True
    return False


def _erase_imports(*, journalist_id, email, names, phones, actor):
    """An uploaded file that lists the person is deleted (with its dry-run snapshot); report
    entries, file names and failure texts lose the person's strings."""
    from .models import ContactImport
    from .services import _snapshot_path, import_path

    needles = [email, *names, *phones]
    files = reports = 0
    for contact_import in ContactImport.objects.select_for_update().order_by("pk"):
        changed = []
        if contact_import.stored_path and _file_mentions(contact_import, needles):
            for path in (import_path(contact_import), _snapshot_path(contact_import)):
                path.unlink(missing_ok=True)
            contact_import.stored_path = ""
            if contact_import.status in (ContactImport.Status.PENDING, ContactImport.Status.VALIDATED):
                contact_import.status = ContactImport.Status.FAILED
                contact_import.failure = _("Berkas dihapus karena memuat data pribadi yang dihapus (UU PDP).")
            changed += ["stored_path", "status", "failure"]
            files += 1
        for name in ("report", "file_name", "failure"):
            value = getattr(contact_import, name)
            scrubbed = text_scrub(value, needles)
            if scrubbed != value:
                setattr(contact_import, name, scrubbed)
                changed.append(name)
        if changed:
            contact_import.save(update_fields=sorted(set(changed)) + ["updated_at"])
            reports += 1
    return {"import_files": files, "imports_changed": reports}


erasure_handler_register("contacts", _erase_imports, tables=("contacts_journalist", "contacts_contactimport"))
