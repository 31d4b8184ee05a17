"""Staff pages: list with search/filters/pagination, bulk list actions, forms, outlets, lists, segments."""

import pytest
from django.urls import reverse

from contacts.models import ContactList, ContactListMembership, Journalist, OutletType, Segment
from kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(outlet, make_journalist):
    from contacts.models import MediaOutlet

    tv = MediaOutlet.objects.create(name="TV Merdeka", outlet_type=OutletType.TV, region="Surabaya")
    people = [
        make_journalist(
            name="Budi Santoso", email="budi@harian.example", outlet=outlet, beat="Politik", region="Jakarta"
        ),
        make_journalist(
            name="Citra Lestari", email="citra@tv.example", outlet=tv, beat="Ekonomi", region="Surabaya"
        ),
        make_journalist(
            name="Dewi Anggraini",
            email="dewi@tv.example",
            outlet=tv,
            beat="Politik",
            region="Surabaya",
            language="en",
        ),
        make_journalist(
            name="Eko Prasetyo",
            email="eko@lepas.example",
            beat="Olahraga",
            region="Jakarta",
            do_not_contact=True,
        ),
    ]
    return {"outlet": outlet, "tv": tv, "people": people}


def names(response):
    return [j.name for j in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Budi Santoso", "Citra Lestari", "Dewi Anggraini", "Eko Prasetyo"]),
        ({"q": "citra"}, ["Citra Lestari"]),
        ({"q": "TV.EXAMPLE"}, ["Citra Lestari", "Dewi Anggraini"]),
        ({"q": "merdeka"}, ["Citra Lestari", "Dewi Anggraini"]),
        ({"beat": "Politik"}, ["Budi Santoso", "Dewi Anggraini"]),
        ({"region": "Jakarta"}, ["Budi Santoso", "Eko Prasetyo"]),
        ({"outlet_type": "print"}, ["Budi Santoso"]),
        ({"status": "opted_out"}, ["Eko Prasetyo"]),
        ({"status": "active", "region": "Jakarta"}, ["Budi Santoso"]),
    ],
)
def test_search_and_filters(client, staf, dataset, params, expected):
    client.force_login(staf)
    response = client.get(reverse("staff_contacts:journalist_list"), params)
    assert response.status_code == 200
    assert names(response) == expected


def test_list_filter_and_pagination_and_queries(
    client, staf, make_journalist, django_assert_max_num_queries, outlet
):
    people = [make_journalist(outlet=outlet) for _ in range(60)]
    cl = ContactList.objects.create(name="Wartawan Balai Kota")
    for j in people[:5]:
        ContactListMembership.objects.create(contact_list=cl, journalist=j)
    client.force_login(staf)
    url = reverse("staff_contacts:journalist_list")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert len(client.get(url, {"page": 2}).context["page"]) == 10
    assert len(client.get(url, {"contact_list": cl.pk}).context["page"]) == 5


def test_bulk_add_and_remove(client, staf, dataset):
    cl = ContactList.objects.create(name="Desk politik")
    ids = [j.pk for j in dataset["people"][:3]]
    client.force_login(staf)
    url = reverse("staff_contacts:journalist_bulk")
    response = client.post(url, {"action": "add", "contact_list": cl.pk, "ids": ids, "next": "?q=a"})
    assert response.status_code == 302 and response["Location"].endswith("?q=a")
    assert cl.members.count() == 3
    # Adding again is harmless.
    client.post(url, {"action": "add", "contact_list": cl.pk, "ids": ids})
    assert cl.members.count() == 3
    client.post(url, {"action": "remove", "contact_list": cl.pk, "ids": ids[:2]})
    assert list(cl.members.values_list("pk", flat=True)) == ids[2:]
    assert AuditEntry.objects.filter(action="contacts.list.add_members").count() == 2
    # No list chosen: clear message, nothing changes.
    response = client.post(url, {"action": "add", "ids": ids}, follow=True)
    assert "Pilih wartawan dan daftar" in response.content.decode()


def test_create_and_edit_journalist(client, staf, outlet):
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:journalist_create"),
        {
            "name": "Fajar Nugroho",
            "email": "Fajar@Media.example",
            "phone": "0812 3456 7890",
            "outlet": outlet.pk,
            "language": "id",
            "lawful_basis": "consent",
            "consent_source": "Formulir akreditasi 2026",
            "consent_date": "2026-01-10",
        },
    )
    j = Journalist.objects.get()
    assert response.status_code == 302
    assert j.email == "fajar@media.example" and str(j.phone) == "+6281234567890"
    # Same e-mail in other case is refused with a clear message.
    response = client.post(
        reverse("staff_contacts:journalist_create"),
        {"name": "Lain", "email": "FAJAR@media.example", "language": "id", "lawful_basis": "consent"},
    )
    assert response.status_code == 200 and "sudah dipakai" in response.content.decode()
    response = client.post(
        reverse("staff_contacts:journalist_edit", args=[j.pk]),
        {"name": "Fajar N.", "email": "fajar@media.example", "language": "en", "lawful_basis": "consent"},
    )
    j.refresh_from_db()
    assert j.name == "Fajar N." and j.language == "en"
    detail = client.get(j.get_absolute_url())
    assert detail.status_code == 200 and "Fajar N." in detail.content.decode()
    assert AuditEntry.objects.filter(action="contacts.journalist.update", object_id=str(j.pk)).exists()


def test_email_unique_case_insensitive_in_database(make_journalist):
    from django.db import IntegrityError, transaction

    make_journalist(email="sama@x.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        Journalist.objects.create(name="B", email="SAMA@X.example")


def test_outlet_pages(client, staf, dataset, django_assert_max_num_queries):
    client.force_login(staf)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff_contacts:outlet_list"))
    assert response.status_code == 200
    counts = {o.name: o.journalist_count for o in response.context["page"]}
    assert counts == {"Harian Nusantara": 1, "TV Merdeka": 2}
    response = client.get(reverse("staff_contacts:outlet_detail", args=[dataset["tv"].pk]))
    assert "Citra Lestari" in response.content.decode()
    response = client.post(
        reverse("staff_contacts:outlet_create"), {"name": "harian nusantara", "outlet_type": "print"}
    )
    assert "sudah ada" in response.content.decode()
    response = client.post(
        reverse("staff_contacts:outlet_create"),
        {"name": "Radio Suara", "outlet_type": "radio", "phone": "021 555 0101"},
    )
    assert response.status_code == 302


def test_list_pages_and_counts(client, staf, dataset, django_assert_max_num_queries):
    client.force_login(staf)
    client.post(
        reverse("staff_contacts:list_create"), {"name": "Balai Kota", "description": "Peliputan rutin"}
    )
    cl = ContactList.objects.get()
    for j in dataset["people"]:
        ContactListMembership.objects.create(contact_list=cl, journalist=j)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff_contacts:list_list"))
    row = response.context["lists"][0]
    assert (row.member_count, row.contactable_count) == (4, 3)
    response = client.get(cl.get_absolute_url())
    assert response.status_code == 200 and "Eko Prasetyo" in response.content.decode()
    client.post(reverse("staff_contacts:list_delete", args=[cl.pk]))
    assert not ContactList.objects.exists() and Journalist.objects.count() == 4


def test_segments_and_list_from_segment(client, staf, dataset):
    from contacts.models import Beat, Journalist

    Beat.objects.create(name="Politik")
    Journalist.objects.filter(region="Surabaya").update(region="Kota Surabaya")  # canonical names
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:segment_create"),
        # A province matches its cities: "Jawa Timur" takes in Kota Surabaya.
        {
            "name": "Politik Jawa Timur",
            "beats": ["Politik"],
            "regions": ["Jawa Timur"],
            "outlet_types": ["tv"],
        },
    )
    segment = Segment.objects.get()
    assert response.status_code == 302
    assert segment.beats == ["Politik"] and segment.regions == ["Jawa Timur"]
    response = client.get(segment.get_absolute_url())
    assert [j.name for j in response.context["page"]] == ["Dewi Anggraini"]
    response = client.post(segment.get_absolute_url(), {"name": "Politik Jawa Timur (beku)"})
    cl = ContactList.objects.get()
    assert response.status_code == 302
    assert [j.name for j in cl.members.all()] == ["Dewi Anggraini"]
    assert AuditEntry.objects.filter(action="contacts.list.from_segment").exists()


def test_empty_segment_matches_every_contactable(dataset):
    from contacts.selectors import recipients_for

    empty = Segment.objects.create(name="Semua")
    got = set(recipients_for(segments=[empty]).values_list("name", flat=True))
    assert got == {"Budi Santoso", "Citra Lestari", "Dewi Anggraini"}


def test_recipients_for_union_dedup_and_exclusions(dataset, make_journalist):
    from contacts import services
    from contacts.selectors import recipients_for

    budi, citra, dewi, eko = dataset["people"]
    cl = ContactList.objects.create(name="L")
    for j in (budi, citra, eko):
        ContactListMembership.objects.create(contact_list=cl, journalist=j)
    seg = Segment.objects.create(name="S", beats=["Politik"])
    services.journalist_erase(actor="system:test", journalist=citra, reason="uji")
    got = list(recipients_for(lists=[cl], segments=[seg], journalists=[budi, eko]))
    assert got == sorted([budi, dewi], key=lambda j: j.pk)


@pytest.mark.parametrize("role_fixture", ["kepala", "sekretaris", "staf"])
def test_roles_may_manage(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    for name in [
        "journalist_list",
        "outlet_list",
        "list_list",
        "segment_list",
        "import_upload",
        "journalist_create",
    ]:
        assert client.get(reverse(f"staff_contacts:{name}")).status_code == 200, name


@pytest.mark.parametrize("role_fixture", ["ppid", "outsider"])
def test_others_get_404(client, request, role_fixture, dataset):
    client.force_login(request.getfixturevalue(role_fixture))
    j = dataset["people"][0]
    for url in [
        reverse("staff_contacts:journalist_list"),
        reverse("staff_contacts:journalist_detail", args=[j.pk]),
        reverse("staff_contacts:journalist_privacy", args=[j.pk]),
        reverse("staff_contacts:outlet_list"),
        reverse("staff_contacts:segment_list"),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("staff_contacts:journalist_bulk"), {}).status_code == 404
    assert client.post(reverse("staff_contacts:journalist_export") + "?format=csv").status_code == 404


def test_admin_registered_for_every_model():
    from django.contrib import admin

    from contacts import models

    for model in [
        models.MediaOutlet,
        models.Journalist,
        models.ContactList,
        models.ContactListMembership,
        models.Segment,
        models.ContactImport,
    ]:
        assert admin.site.is_registered(model)
