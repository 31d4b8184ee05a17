"""The controlled vocabulary for beats and regions: one canonical spelling per desk (staff keep
the list) and per region (Indonesia's 38 provinces and 514 regencies/cities, shipped).

`region_canonical("kab. bandung")` -> "Kabupaten Bandung"; `region_canonical("Jabar")` -> "Jawa
Barat"; an unknown text -> None. Matching ignores case, spacing and the usual prefixes
(Provinsi, Kabupaten/Kab., Kota/Kota Administrasi); a bare name that is both a regency and a
city ("Bandung") is taken as the city, as a journalist's "Bandung" almost always means."""

import csv
import re
from pathlib import Path

from django.core.cache import cache

DATA_DIR = Path(__file__).resolve().parent / "data" / "wilayah"
_CACHE_KEY = "contacts:taxonomy:v1"

# Common short forms in Indonesian newsrooms.
PROVINCE_ALIASES = {
    "jakarta": "Daerah Khusus Ibukota Jakarta",
    "dki": "Daerah Khusus Ibukota Jakarta",
    "dki jakarta": "Daerah Khusus Ibukota Jakarta",
    "jabar": "Jawa Barat",
    "jateng": "Jawa Tengah",
    "jatim": "Jawa Timur",
    "diy": "Daerah Istimewa Yogyakarta",
    "yogyakarta": "Daerah Istimewa Yogyakarta",
    "jogja": "Daerah Istimewa Yogyakarta",
    "sumut": "Sumatera Utara",
    "sumbar": "Sumatera Barat",
    "sumsel": "Sumatera Selatan",
    "kalbar": "Kalimantan Barat",
    "kalteng": "Kalimantan Tengah",
    "kalsel": "Kalimantan Selatan",
    "kaltim": "Kalimantan Timur",
    "kaltara": "Kalimantan Utara",
    "sulut": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah",
    "sulsel": "Sulawesi Selatan",
    "sultra": "Sulawesi Tenggara",
    "sulbar": "Sulawesi Barat",
    "ntb": "Nusa Tenggara Barat",
    "ntt": "Nusa Tenggara Timur",
    "babel": "Kepulauan Bangka Belitung",
    "kepri": "Kepulauan Riau",
}
NATIONAL = "Nasional"  # not a region of the list: a journalist covering the whole country

_SPACES = re.compile(r"[\s_.,\-/]+")
_PREFIXES = (
    "provinsi ",
    "prov ",
    "kota administrasi ",
    "kabupaten administrasi ",
    "kabupaten ",
    "kab ",
    "kota ",
)


def _key(text):
    return _SPACES.sub(" ", str(text or "").lower()).strip()


def _strip_prefix(key):
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return prefix.strip(), key[len(prefix) :]
    return "", key


def read_shipped_regions():
    """[(code, name, kind, province_code)] from the shipped CSV files (used by the migration)."""
    rows = []
    with open(DATA_DIR / "provinces.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.append((row["code"], row["name"], "province", None))
    with open(DATA_DIR / "regencies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.append((row["code"], row["name"], "regency", row["province_code"]))
    return rows


def _build_index(names_and_kinds):
    exact, bare_city, bare_regency = {}, {}, {}
    for name, kind in names_and_kinds:
        key = _key(name)
        exact[key] = name
        prefix, bare = _strip_prefix(key)
        if kind == "province":
            exact.setdefault(bare, name)
        elif prefix.startswith("kota"):
            bare_city.setdefault(bare, name)
        else:
            bare_regency.setdefault(bare, name)
    return {"exact": exact, "city": bare_city, "regency": bare_regency}


def regions_ensure():
    """The shipped list is loaded by migration 0008; a database emptied since (a flush between
    tests, a restore of a partial dump) gets it back on first use."""
    from .models import Region

    if Region.objects.exists():
        return
    rows = read_shipped_regions()
    provinces = {
        code: Region(code=code, name=name, kind=kind) for code, name, kind, _pc in rows if kind == "province"
    }
    Region.objects.bulk_create(provinces.values(), ignore_conflicts=True)
    provinces = {r.code: r for r in Region.objects.filter(kind="province")}
    Region.objects.bulk_create(
        [
            Region(code=code, name=name, kind=kind, province=provinces[pc])
            for code, name, kind, pc in rows
            if kind != "province"
        ],
        ignore_conflicts=True,
    )


def _index():
    index = cache.get(_CACHE_KEY)
    if index is None:
        from .models import Region

        regions_ensure()
        index = _build_index(Region.objects.values_list("name", "kind"))
        cache.set(_CACHE_KEY, index, 3600)
    return index


def taxonomy_forget():
    cache.delete(_CACHE_KEY)


def region_canonical(text, *, index=None):
    key = _key(text)
    if not key:
        return None
    if key in ("nasional", "national", "indonesia", "seluruh indonesia"):
        return NATIONAL
    index = index or _index()
    if key in index["exact"]:
        return index["exact"][key]
    if key in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[key]
    prefix, bare = _strip_prefix(key)
    if prefix.startswith("kab"):
        return index["regency"].get(bare)
    if prefix.startswith("kota"):
        return index["city"].get(bare)
    if prefix.startswith("prov"):
        return index["exact"].get(bare) or PROVINCE_ALIASES.get(bare)
    return index["city"].get(bare) or index["regency"].get(bare)


def beat_canonical(text, *, beats=None):
    """The staff list's spelling of a desk, or None when it is not on the list."""
    key = _key(text)
    if not key:
        return None
    if beats is None:
        from .models import Beat

        beats = {_key(name): name for name in Beat.objects.values_list("name", flat=True)}
    return beats.get(key)


def region_choices():
    """Grouped choices for forms: national, then each province with its regencies/cities."""
    from .models import Region

    regions_ensure()
    groups = [("", [(NATIONAL, NATIONAL)])]
    provinces = {}
    for region in Region.objects.order_by("code"):
        if region.kind == "province":
            provinces[region.pk] = (region.name, [(region.name, region.name)])
            groups.append(provinces[region.pk])
        elif region.province_id in provinces:
            provinces[region.province_id][1].append((region.name, "— " + region.name))
    return groups


def region_with_parts(names):
    """A segment's regions matched the way people mean them: a province also matches its
    regencies and cities ("Jawa Barat" matches a journalist in "Kota Bandung")."""
    from .models import Region

    names = [n for n in names if n]
    expanded = set(names)
    for province in Region.objects.filter(name__in=names, kind="province").prefetch_related("regencies"):
        expanded.update(r.name for r in province.regencies.all())
    return sorted(expanded)
