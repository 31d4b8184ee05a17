import pytest
from django.utils import timezone


@pytest.fixture
def release_factory(staf):
    from releases.models import Release, ReleaseContact, ReleaseQuote

    counter = {"n": 0}

    def _make(status="approved", **extra):
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "title": f"Pemprov Resmikan Jembatan Kali Code {n}",
            "slug": f"pemprov-resmikan-jembatan-{n}",
            "summary": "Jembatan baru memangkas waktu tempuh warga ke pusat kota hingga 20 menit.",
            "body": "<p>Gubernur meresmikan jembatan pada Senin pagi.</p><ul><li>Panjang 120 meter</li></ul>",
            "status": status,
            "author": staf,
            "number": f"{n:03d}/HUMAS/2026",
        }
        if status == "published":
            defaults["published_at"] = timezone.now()
        defaults.update(extra)
        release = Release.objects.create(**defaults)
        ReleaseQuote.objects.create(
            release=release, speaker="Ir. Hendra Wijaya", role="Kepala Dinas PU", text="Jembatan ini aman."
        )
        ReleaseContact.objects.create(
            release=release,
            name="Dewi Lestari",
            role="Kasubag Media",
            phone="0812-1111-2222",
            email="dewi.lestari@humas.example.go.id",
        )
        return release

    return _make


@pytest.fixture
def journalists(db):
    """Three lists with overlaps, one opted out, one erased."""
    from contacts.models import ContactList, Journalist, MediaOutlet

    outlet = MediaOutlet.objects.create(name="Harian Nusantara", outlet_type="print", region="DIY")
    people = [
        Journalist.objects.create(name=f"Wartawan {i}", email=f"w{i}@media{i % 3}.example.id", outlet=outlet)
        for i in range(6)
    ]
    people[4].do_not_contact = True
    people[4].opted_out_at = timezone.now()
    people[4].save()
    people[5].erased_at = timezone.now()
    people[5].save()
    list_a = ContactList.objects.create(name="Ekonomi")
    list_b = ContactList.objects.create(name="Daerah")
    list_a.members.add(people[0], people[1], people[4])
    list_b.members.add(people[1], people[2], people[3], people[5])
    return {"people": people, "lists": [list_a, list_b]}
