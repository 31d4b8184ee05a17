import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from kernel.models import AuditEntry, OrganisationProfile
from kernel.roles import KEPALA, PPID, ROLES, SEKRETARIS, STAF

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLES) <= names
    kepala = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=KEPALA).permissions.all()
    }
    assert "kernel.change_organisationprofile" in kepala
    assert "kernel.view_auditentry" in kepala
    sek = {p.codename for p in Group.objects.get(name=SEKRETARIS).permissions.all()}
    assert "view_auditentry" in sek and "change_organisationprofile" not in sek
    staf = {p.codename for p in Group.objects.get(name=STAF).permissions.all()}
    assert "view_auditentry" not in staf


def test_organisation_profile_is_a_single_row():
    assert OrganisationProfile.objects.filter(pk=1).exists()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationProfile.objects.create(pk=2, name="Kedua")


def test_staff_area_redirects_anonymous_to_login(client):
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_area_is_404_for_user_without_role(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("staff:dashboard")).status_code == 404
    assert client.get(reverse("staff:audit_list")).status_code == 404


@pytest.mark.parametrize(
    "role,audit,profile",
    [(KEPALA, 200, 200), (SEKRETARIS, 200, 404), (STAF, 404, 404), (PPID, 404, 404)],
)
def test_navigation_pages_per_role(client, role_users, role, audit, profile):
    client.force_login(role_users[role])
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert client.get(reverse("staff:audit_list")).status_code == audit
    assert client.get(reverse("staff:org_profile")).status_code == profile
    # The POST is checked on the server too, not only hidden from the menu.
    response = client.post(reverse("staff:org_profile"), {"name": "Diretas"})
    assert response.status_code == (404 if profile == 404 else 200)
    assert OrganisationProfile.objects.get(pk=1).name != "Diretas"


def test_kepala_edits_profile_and_it_is_audited(client, kepala, django_capture_on_commit_callbacks):
    client.force_login(kepala)
    client.get("/")  # warm the profile cache: the edit must invalidate it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:org_profile"),
            {
                "name": "Pemerintah Provinsi Uji",
                "short_name": "Pemprov Uji",
                "unit_name": "Biro Humas",
                "address": "Jl. Uji 1",
                "phone": "021-1",
                "email": "humas@uji.go.id",
                "website": "https://uji.go.id",
                "release_number_pattern": "{seq:04d}/BH/{year}",
            },
        )
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get(pk=1)
    assert profile.name == "Pemerintah Provinsi Uji"
    assert profile.format_release_number(seq=7, year=2026) == "0007/BH/2026"
    entry = AuditEntry.objects.get(action="organisation_profile.update")
    assert entry.actor == kepala
    assert entry.data["name"]["to"] == "Pemerintah Provinsi Uji"
    # The public layout shows the new name at once (the cached profile was invalidated).
    assert "Pemerintah Provinsi Uji" in client.get("/").content.decode()


def test_bad_number_pattern_gets_a_clear_message(client, kepala):
    client.force_login(kepala)
    response = client.post(
        reverse("staff:org_profile"),
        {"name": "X", "unit_name": "Y", "release_number_pattern": "HUMAS/{tahun}"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pola nomor harus memuat {seq}." in body
    assert not AuditEntry.objects.filter(action="organisation_profile.update").exists()
