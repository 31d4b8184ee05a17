# Loads Indonesia's provinces and regencies/cities (contacts/data/wilayah) and merges the free-text
# beats and regions typed so far into the controlled lists, once: a region that matches becomes its
# canonical name; one that does not is kept raw in the contact's "perlu dicek" values (nothing is
# lost); every distinct desk spelling (ignoring case and spacing) becomes one Beat, written as most
# contacts wrote it.
from collections import Counter, defaultdict

from django.db import migrations


def load_and_merge(apps, schema_editor):
    from contacts.taxonomy import _build_index, _key, read_shipped_regions, region_canonical

    Region = apps.get_model("contacts", "Region")
    Beat = apps.get_model("contacts", "Beat")
    Journalist = apps.get_model("contacts", "Journalist")
    MediaOutlet = apps.get_model("contacts", "MediaOutlet")
    Segment = apps.get_model("contacts", "Segment")

    rows = read_shipped_regions()
    by_code = {}
    for code, name, kind, province_code in rows:
        if kind == "province":
            by_code[code] = Region.objects.create(code=code, name=name, kind=kind)
    Region.objects.bulk_create(
        [Region(code=code, name=name, kind=kind, province=by_code[pc]) for code, name, kind, pc in rows if kind != "province"]
    )
    index = _build_index([(name, kind) for _code, name, kind, _pc in rows])

    spellings = defaultdict(Counter)
    for beat, n in Counter(Journalist.objects.exclude(beat="").values_list("beat", flat=True)).items():
        spellings[_key(beat)][beat.strip()] += n
    for segment in Segment.objects.all():
        for beat in segment.beats:
            spellings[_key(beat)][beat.strip()] += 0
    canonical_beat = {}
    for key, counter in spellings.items():
        if key:
            name = counter.most_common(1)[0][0][:100]
            Beat.objects.create(name=name)
            canonical_beat[key] = name

    for journalist in Journalist.objects.exclude(beat="", region="").iterator():
        changed = False
        if journalist.beat:
            beat = canonical_beat.get(_key(journalist.beat), journalist.beat)
            if beat != journalist.beat:
                journalist.beat, changed = beat, True
        if journalist.region:
            region = region_canonical(journalist.region, index=index)
            if region is None:
                journalist.flagged_values = {**(journalist.flagged_values or {}), "region": journalist.region}
                journalist.region = ""
                changed = True
            elif region != journalist.region:
                journalist.region, changed = region, True
        if changed:
            journalist.save(update_fields=["beat", "region", "flagged_values"])
    for outlet in MediaOutlet.objects.exclude(region=""):
        region = region_canonical(outlet.region, index=index)
        if region and region != outlet.region:
            outlet.region = region
            outlet.save(update_fields=["region"])
    for segment in Segment.objects.all():
        segment.beats = sorted({canonical_beat.get(_key(b), b) for b in segment.beats})
        segment.regions = sorted({region_canonical(r, index=index) or r for r in segment.regions})
        segment.save(update_fields=["beats", "regions"])


class Migration(migrations.Migration):
    dependencies = [("contacts", "0007_taxonomy")]

    operations = [migrations.RunPython(load_and_merge, migrations.RunPython.noop)]
