"""Arbitrary CSV input never gives a 500 and never half-writes."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import ContactImport, Journalist, MediaOutlet

pytestmark = pytest.mark.django_db

HEADERS = [
    "nama",
    "email",
    "Surel",
    "telepon",
    "media",
    "jenis media",
    "desk",
    "bahasa",
    "tanggal persetujuan",
    "?",
]
cell = st.one_of(
    st.text(max_size=30),
    st.emails().map(str),
    st.sampled_from(
        ["", "0812-3456-7890", "+62 21 555", "cetak", "tv", "id", "xx", "2026-02-30", "=1+1", '"', ";"]
    ),
)


@st.composite
def csv_files(draw):
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=8), max_size=8))
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=st.one_of(csv_files(), st.binary(max_size=400)), mode=st.sampled_from(["skip", "update"]))
def test_any_csv_never_500_never_half_written(client, staf, media_root, upload, content, mode):
    Journalist.objects.all().delete()
    MediaOutlet.objects.all().delete()
    ContactImport.objects.all().delete()
    Journalist.objects.create(name="Ada", email="ada@x.example")
    client.force_login(staf)
    response = client.post(
        reverse("staff_contacts:import_upload"),
        {"file": upload(content, name="acak.csv"), "on_duplicate": mode},
    )
    assert response.status_code in (200, 302)
    imp = ContactImport.objects.first()
    if imp is None:
        assert response.status_code == 200  # refused with a message in the form
        assert Journalist.objects.count() == 1
        return
    assert client.get(imp.get_absolute_url()).status_code == 200
    imp.refresh_from_db()
    assert Journalist.objects.count() == 1  # the dry run writes nothing
    response = client.post(reverse("staff_contacts:import_commit", args=[imp.pk]))
    assert response.status_code == 302
    imp.refresh_from_db()
    if imp.status == ContactImport.Status.DONE:
        assert Journalist.objects.count() == 1 + imp.created_count
    else:
        assert Journalist.objects.count() == 1
