"""What a release needs before it goes to review: the checklist the author sees on the edit and
detail pages, and the same list the workflow's "submit" check refuses on (releases/workflows.py),
so the page never promises what the service then refuses, nor the reverse."""

import re

from django.utils.translation import gettext as _

from kernel.sanitize import images_missing_alt
from kernel.selectors import organisation_profile_get


def _lead_written(summary):
    """A lead that is only the dateline a new release starts with ("SURABAYA – ") is not written."""
    text = (summary or "").strip()
    city = (organisation_profile_get().dateline_city or "").strip()
    if city and re.fullmatch(rf"{re.escape(city)}\s*[–-]?", text, flags=re.IGNORECASE):
        return False
    return bool(text)


def release_checklist(release):
    """One item per requirement: {"key", "label", "ok", "missing", "anchor"}; `missing` says what
    is lacking and `anchor` is the form field to go to (on the edit page)."""
    photos = list(release.photos.all()) if release.pk else []
    photos_without_alt = [p for p in photos if not (p.alt or "").strip()]
    # An <img> whose src the sanitiser dropped (an outside address) shows no picture to anyone:
    # only the images a reader sees need their text.
    body_images = [src for src in images_missing_alt(release.body) if src]
    hero_ok = not release.hero_image or bool((release.hero_alt or "").strip())
    has_contacts = release.pk is not None and release.contacts.exists()
    items = [
        {
            "key": "body",
            "label": _("Isi siaran pers"),
            "ok": bool((release.body_text or "").strip()),
            "missing": _("isi siaran pers masih kosong"),
            "anchor": "id_body",
        },
        {
            "key": "summary",
            "label": _("Teras (ringkasan)"),
            "ok": _lead_written(release.summary),
            "missing": _("teras (ringkasan) belum diisi"),
            "anchor": "id_summary",
        },
        {
            "key": "category",
            "label": _("Kategori"),
            "ok": release.category_id is not None,
            "missing": _("kategori belum dipilih"),
            "anchor": "id_category",
        },
        {
            "key": "contacts",
            "label": _("Minimal satu narahubung"),
            "ok": has_contacts,
            "missing": _("belum ada narahubung"),
            "anchor": "formset-contacts",
        },
        {
            "key": "alt",
            "label": _("Teks alternatif untuk setiap foto dan gambar di isi"),
            "ok": hero_ok and not photos_without_alt and not body_images,
            "missing": _alt_missing_text(hero_ok, len(photos_without_alt), len(body_images)),
            "anchor": "id_hero_alt"
            if not hero_ok
            else ("formset-photos" if photos_without_alt else "id_body"),
        },
    ]
    return items


def _alt_missing_text(hero_ok, photos, body_images):
    parts = []
    if not hero_ok:
        parts.append(_("foto utama tanpa teks alternatif"))
    if photos:
        parts.append(_("%(n)s foto galeri tanpa teks alternatif") % {"n": photos})
    if body_images:
        parts.append(_("%(n)s gambar di isi tanpa teks alternatif") % {"n": body_images})
    return "; ".join(parts)


def release_missing(release):
    """What is still missing (texts), empty when the release may be submitted."""
    return [item["missing"] for item in release_checklist(release) if not item["ok"]]
