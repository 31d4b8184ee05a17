"""Roles only, and the high ones by two Kepala (issue 22, Accounts)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kernel.models import AuditEntry, RoleGrant
from kernel.refusal import Refusal
from kernel.rolegrants import role_grant_approve, role_grant_reject, role_grant_request
from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

pytestmark = pytest.mark.django_db


@pytest.fixture
def kepala2(make_user):
    return make_user("kepala_dua", KEPALA)


@pytest.fixture
def newcomer(make_user):
    return make_user("pegawai_baru")


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


def test_lesser_roles_are_granted_directly_by_kepala(kepala, newcomer):
    grant = role_grant_request(actor=kepala, user=newcomer, role=STAF)
    assert grant.status == RoleGrant.Status.APPROVED and _roles(newcomer) == {STAF}
    role_grant_request(actor=kepala, user=newcomer, role=PPID)
    role_grant_request(actor=kepala, user=newcomer, role=STAF, action="revoke")
    assert _roles(newcomer) == {PPID}
    codes = list(AuditEntry.objects.values_list("action", flat=True))
    assert (
        codes.count("role_grant.apply") == 3 and "user.groups_add" in codes and "user.groups_remove" in codes
    )
    # The change of groups is audited with the Kepala as actor.
    assert AuditEntry.objects.filter(action="user.groups_add", actor=kepala).exists()


@pytest.mark.parametrize("role", [KEPALA, SEKRETARIS])
def test_high_roles_wait_for_a_second_kepala_never_the_requester(kepala, kepala2, newcomer, role):
    grant = role_grant_request(actor=kepala, user=newcomer, role=role, reason="Pejabat baru")
    assert grant.status == RoleGrant.Status.PENDING and _roles(newcomer) == set()
    with pytest.raises(Refusal) as refused:
        role_grant_approve(actor=kepala, grant=grant)
    assert refused.value.code == "four_eyes"
    assert _roles(newcomer) == set()
    approved = role_grant_approve(actor=kepala2, grant=grant)
    assert approved.status == RoleGrant.Status.APPROVED and approved.decided_by == kepala2
    newcomer.refresh_from_db()
    assert _roles(newcomer) == {role}
    assert newcomer.is_staff is (role == KEPALA)  # the admin's door follows the Kepala role
    assert AuditEntry.objects.filter(action="role_grant.approve", actor=kepala2).exists()
    assert AuditEntry.objects.filter(action="role_grant.request", actor=kepala).exists()


def test_others_can_not_grant_and_nobody_changes_their_own_roles(kepala, sekretaris, staf, newcomer):
    for actor in (sekretaris, staf):
        with pytest.raises(Refusal):
            role_grant_request(actor=actor, user=newcomer, role=STAF)
    with pytest.raises(Refusal):
        role_grant_request(actor=kepala, user=kepala, role=PPID)
    grant = role_grant_request(actor=kepala, user=newcomer, role=SEKRETARIS)
    with pytest.raises(Refusal):
        role_grant_approve(actor=sekretaris, grant=grant)
    with pytest.raises(Refusal):  # one open request per user and role
        role_grant_request(actor=kepala, user=newcomer, role=SEKRETARIS)


def test_a_rejected_request_changes_nothing(kepala, kepala2, newcomer):
    grant = role_grant_request(actor=kepala, user=newcomer, role=KEPALA)
    role_grant_reject(actor=kepala2, grant=grant)
    assert _roles(newcomer) == set() and not get_user_model().objects.get(pk=newcomer.pk).is_staff
    with pytest.raises(Refusal):
        role_grant_approve(actor=kepala2, grant=grant)


def test_superuser_grants_any_role_at_once(make_user, newcomer):
    root = make_user("root_uji", is_superuser=True, is_staff=True)
    grant = role_grant_request(actor=root, user=newcomer, role=KEPALA)
    assert grant.status == RoleGrant.Status.APPROVED and _roles(newcomer) == {KEPALA}


# --- the admin --------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client, kepala):
    kepala.is_staff = True
    kepala.save(update_fields=["is_staff"])
    client.force_login(kepala)
    return client


def test_admin_user_form_has_no_privilege_fields(admin_client, newcomer):
    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{name}"' not in html, name


def test_a_forged_admin_post_can_not_grant_privileges(admin_client, newcomer):
    from django.contrib.auth.models import Group, Permission

    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    response = admin_client.post(
        url,
        {
            "username": newcomer.username,
            "first_name": "Baru",
            "last_name": "",
            "email": newcomer.email,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=KEPALA).pk],
            "user_permissions": [Permission.objects.get(codename="approve_rolegrant").pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer.refresh_from_db()
    assert newcomer.first_name == "Baru"
    assert not newcomer.is_superuser and not newcomer.is_staff
    assert not newcomer.groups.exists() and not newcomer.user_permissions.exists()


def test_groups_are_read_only_in_the_admin(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=STAF)
    response = admin_client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "Staf"})
    assert response.status_code in (403, 302, 200)
    group.refresh_from_db()
    assert group.name == STAF


def test_role_grants_through_the_admin(admin_client, kepala2, newcomer):
    from tests.conftest import HumasClient

    add = reverse("admin:kernel_rolegrant_add")
    response = admin_client.post(
        add, {"user": newcomer.pk, "action": "grant", "role": SEKRETARIS, "reason": "x"}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer, role=SEKRETARIS)
    assert grant.status == RoleGrant.Status.PENDING and _roles(newcomer) == set()
    changelist = reverse("admin:kernel_rolegrant_changelist")
    admin_client.post(changelist, {"action": "approve", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.PENDING  # the requester's own approval is refused
    kepala2.is_staff = True
    kepala2.save(update_fields=["is_staff"])
    second = HumasClient()
    second.force_login(kepala2)
    second.post(changelist, {"action": "approve", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.APPROVED and _roles(newcomer) == {SEKRETARIS}
    # A lesser role through the admin applies at once.
    admin_client.post(add, {"user": newcomer.pk, "action": "grant", "role": STAF, "reason": ""})
    assert _roles(newcomer) == {SEKRETARIS, STAF}


def test_admin_issues_an_enrolment_link(admin_client, sekretaris):
    changelist = reverse("admin:auth_user_changelist")
    response = admin_client.post(
        changelist, {"action": "issue_enrolment_link", "_selected_action": [sekretaris.pk]}, follow=True
    )
    assert "/akun/autentikator/" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.totp_enrol_link").exists()
