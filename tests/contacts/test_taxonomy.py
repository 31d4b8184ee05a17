"""The controlled taxonomy for beats and regions (issue 17): Indonesia's provinces and
regencies/cities shipped, desks kept by staff, a one-time merge of the free text typed so far,
segments filtering on it (a province takes in its cities)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from contacts import services
from contacts.models import Beat, Journalist, Region, Segment
from contacts.selectors import segment_journalists
from contacts.taxonomy import region_canonical
from kernel.models import AuditEntry
from kernel.refusal import Refusal

pytestmark = pytest.mark.django_db


def test_the_shipped_list_has_every_province_and_regency():
    from contacts.taxonomy import regions_ensure

    regions_ensure()
    assert Region.objects.filter(kind="province").count() == 38
    assert Region.objects.filter(kind="regency").count() == 514
    assert Region.objects.get(name="Kota Bandung").province.name == "Jawa Barat"


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("Kota Bandung", "Kota Bandung"),
        ("bandung", "Kota Bandung"),  # a bare name that is both: the city
        ("Kab. Bandung", "Kabupaten Bandung"),
        ("kabupaten  bandung", "Kabupaten Bandung"),
        ("Jabar", "Jawa Barat"),
        ("Provinsi Jawa Timur", "Jawa Timur"),
        ("DKI Jakarta", "Daerah Khusus Ibukota Jakarta"),
        ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
        ("Surabaya", "Kota Surabaya"),
        ("nasional", "Nasional"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_region_canonical(typed, canonical):
    assert region_canonical(typed) == canonical


def test_one_time_merge_of_free_text(make_journalist):
    merge = importlib.import_module("contacts.migrations.0008_taxonomy_load_and_merge").load_and_merge
    Region.objects.all().delete()
    a = make_journalist(beat="Politik", region="bandung")
    b = make_journalist(beat="politik ", region="Jabar")
    c = make_journalist(beat="POLITIK", region="Atlantis")
    make_journalist(beat="Ekonomi", region="")
    segment = Segment.objects.create(name="Lama", beats=["politik"], regions=["Kab. Bandung"])
    merge(apps, None)
    for j in (a, b, c):
        j.refresh_from_db()
    assert sorted(Beat.objects.values_list("name", flat=True)) == ["Ekonomi", "Politik"]
    assert {a.beat, b.beat, c.beat} == {"Politik"}
    assert (a.region, b.region) == ("Kota Bandung", "Jawa Barat")
    # Nothing typed is lost: an unknown region is kept raw and flagged for checking.
    assert c.region == "" and c.flagged_values == {"region": "Atlantis"}
    segment.refresh_from_db()
    assert segment.beats == ["Politik"] and segment.regions == ["Kabupaten Bandung"]


def test_a_province_segment_takes_in_its_cities(make_journalist):
    from contacts.taxonomy import regions_ensure

    regions_ensure()
    inside = make_journalist(region="Kota Bandung")
    make_journalist(region="Kota Surabaya")
    segment = Segment.objects.create(name="Jabar", regions=["Jawa Barat"])
    assert list(segment_journalists(segment)) == [inside]


def test_import_maps_regions_and_adds_new_desks(staf, upload, media_root):
    content = "nama,email,wilayah,desk\nA,a@x.example,Kab. Bogor,Hukum & Kriminal\nB,b@x.example,Atlantis,hukum & kriminal\n"
    imp = services.contact_import_create(actor=staf, upload=upload(content), on_duplicate="skip")
    services.contact_import_start_validation(actor=staf, contact_import=imp)
    imp.refresh_from_db()
    assert imp.status == "validated", imp.report
    assert any(r["field"] == "wilayah" and r["value"] == "Atlantis" for r in imp.report)
    services.contact_import_commit(actor=staf, contact_import=imp)
    assert list(Beat.objects.values_list("name", flat=True)) == ["Hukum & Kriminal"]
    a, b = Journalist.objects.order_by("email")
    assert (a.region, a.beat) == ("Kabupaten Bogor", "Hukum & Kriminal")
    assert b.beat == "Hukum & Kriminal" and b.flagged_values == {"region": "Atlantis"}


def test_staff_rename_a_desk_and_it_carries_contacts_and_segments(client, staf, make_journalist):
    beat = Beat.objects.create(name="Ekbis")
    j = make_journalist(beat="Ekbis")
    segment = Segment.objects.create(name="Ekonomi", beats=["Ekbis"])
    client.force_login(staf)
    response = client.post(reverse("staff_contacts:beat_list"), {"pk": beat.pk, "name": "Ekonomi & Bisnis"})
    assert response.status_code == 302
    j.refresh_from_db()
    segment.refresh_from_db()
    assert j.beat == "Ekonomi & Bisnis" and segment.beats == ["Ekonomi & Bisnis"]
    assert AuditEntry.objects.filter(action="contacts.beat.rename").count() == 1
    page = client.get(reverse("staff_contacts:beat_list")).content.decode()
    assert "Ekonomi &amp; Bisnis" in page and "&amp;amp;" not in page


def test_a_desk_in_use_is_not_deleted(staf, make_journalist):
    beat = Beat.objects.create(name="Olahraga")
    make_journalist(beat="Olahraga")
    with pytest.raises(Refusal):
        services.beat_delete(actor=staf, beat=beat)
    assert Beat.objects.exists()


def test_journalist_form_offers_the_lists(client, staf):
    from contacts.taxonomy import regions_ensure

    regions_ensure()
    Beat.objects.create(name="Politik")
    client.force_login(staf)
    html = client.get(reverse("staff_contacts:journalist_create")).content.decode()
    assert '<option value="Politik">' in html
    assert '<option value="Kota Bandung">' in html
    assert 'label="Jawa Barat"' in html


def test_desk_page_needs_permission_to_change(client, make_user):
    client.force_login(make_user("tamu"))
    assert client.post(reverse("staff_contacts:beat_list"), {"name": "X"}).status_code == 404
