"""Journalist pickers and bulk actions at scale (issue 17): search-as-you-type instead of a
<select> of every contact, fast at 100,000 contacts; "select all matching" on filtered lists."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from contacts.models import ContactList, Journalist, MediaOutlet

pytestmark = pytest.mark.django_db


def _bulk_contacts(n):
    """n contacts through one INSERT … SELECT (seconds, not minutes, for 100,000)."""
    outlet = MediaOutlet.objects.create(name="Harian Nusantara & Co", outlet_type="print")
    table = Journalist._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (created_at, updated_at, name, email, phone, outlet_id, beat, region,
                language, notes, lawful_basis, consent_source, do_not_contact, opt_out_by,
                do_not_contact_reason, flagged_values)
            SELECT now(), now(), 'Wartawan ' || g || CASE WHEN g %% 1000 = 0 THEN ' Santoso' ELSE '' END,
                'w' || g || '@media.example', '', CASE WHEN g %% 10 = 0 THEN %s ELSE NULL END,
                CASE WHEN g %% 2 = 0 THEN 'Politik' ELSE 'Ekonomi' END, '', 'id', '', 'legitimate_interest',
                '', false, '', '', '{{}}'
            FROM generate_series(1, %s) g""",  # noqa: S608 - the table name is ours
            [outlet.pk, n],
        )
        cursor.execute(f"ANALYZE {table}")
    return outlet


def test_inquiry_form_has_a_search_box_not_a_select_of_every_contact(client, sekretaris, make_journalist):
    for _ in range(30):
        make_journalist()
    client.force_login(sekretaris)
    html = client.get(reverse("staff_crises:inquiry_create")).content.decode()
    assert "data-journalist-picker" in html
    # Old main rendered one <option> per journalist.
    assert "Wartawan 030" not in html


def test_search_endpoint_at_100000_contacts_is_fast_with_constant_queries(
    client, staf, django_assert_max_num_queries
):
    _bulk_contacts(100_000)
    client.force_login(staf)
    url = reverse("staff_contacts:journalist_search")
    client.get(url, {"q": "santoso"})  # warm the session and caches
    timings = []
    for q in ["santoso", "w4242@", "nusantara", "Wartawan 9999"]:
        with django_assert_max_num_queries(7):  # session, user, groups, 2 permissions; outlets, journalists
            start = time.perf_counter()
            response = client.get(url, {"q": q})
            timings.append(time.perf_counter() - start)
        results = response.json()["results"]
        assert results, q
        assert len(results) <= 10
    data = client.get(url, {"q": "santoso"}).json()["results"]
    # Names starting with the text come first; every hit contains it.
    assert all("santoso" in r["label"].lower() for r in data)
    # A generous bound for a shared CI machine; the point is: not a scan of 100,000 rows per key.
    print("picker search at 100,000 contacts, seconds per request:", [round(t, 3) for t in timings])
    assert max(timings) < 1.0, timings


def test_search_needs_the_permission_and_two_characters(client, make_user, staf):
    url = reverse("staff_contacts:journalist_search")
    client.force_login(make_user("bukan_staf"))
    assert client.get(url, {"q": "wa"}).status_code == 404
    client.force_login(staf)
    assert client.get(url, {"q": "w"}).json() == {"results": []}


def test_bulk_add_all_matching_the_filter(client, staf, make_journalist):
    for i in range(60):
        make_journalist(beat="Politik" if i % 3 == 0 else "Ekonomi")
    target = ContactList.objects.create(name="Desk politik")
    client.force_login(staf)
    page = client.get(reverse("staff_contacts:journalist_list"), {"beat": "Politik"}).content.decode()
    politics = Journalist.objects.filter(beat="Politik").count()
    assert politics == 20
    response = client.post(
        reverse("staff_contacts:journalist_bulk"),
        {"action": "add", "contact_list": target.pk, "all_matching": "1", "filter_query": "?beat=Politik"},
    )
    assert response.status_code == 302
    assert target.members.count() == 20
    # The option is offered only when the filter matches more than one page.
    assert 'data-testid="all-matching"' not in page
    html = client.get(reverse("staff_contacts:journalist_list")).content.decode()
    assert 'data-testid="all-matching"' in html


def test_bulk_without_selection_says_so(client, staf):
    target = ContactList.objects.create(name="Kosong")
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:journalist_bulk"), {"action": "add", "contact_list": target.pk}, follow=True
    )
    assert "Pilih wartawan dan daftar" in response.content.decode()
