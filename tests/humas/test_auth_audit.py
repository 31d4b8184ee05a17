"""Signing in and out, and changes to users and their roles, are in the audit log."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from kernel.actor import acting_as
from kernel.models import AuditEntry
from kernel.roles import SEKRETARIS, STAF
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_password_is_audited_with_the_username_and_address_never_the_password(staf):
    wrong = "salah-Sandi-9876!"
    response = Client().post(
        reverse("login"), {"username": staf.username, "password": wrong}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200  # the form again, with its message; no error page
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.data["username"] == staf.username
    assert entry.data["ip"] == "10.1.2.3"
    assert entry.actor is None
    everything = json.dumps(
        [entry.actor_repr, entry.object_repr, entry.from_state, entry.to_state, entry.data]
    )
    assert wrong not in everything and "password" not in everything and "********" not in everything


def test_unknown_username_failure_is_audited_too():
    Client().post(reverse("login"), {"username": "tidak_ada", "password": "x"}, REMOTE_ADDR="10.9.9.9")
    assert AuditEntry.objects.get(action="auth.login_failed").data == {
        "username": "tidak_ada",
        "ip": "10.9.9.9",
    }


def test_sign_in_and_sign_out_are_audited(staf):
    client = Client()
    response = client.post(
        reverse("login"), {"username": staf.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302
    login = AuditEntry.objects.get(action="auth.login")
    assert login.actor == staf and login.data["ip"] == "10.0.0.7"
    client.post(reverse("logout"))
    assert AuditEntry.objects.get(action="auth.logout").actor == staf


def test_sign_in_still_works_when_its_audit_entry_can_not_be_written(staf, monkeypatch):
    # The audit entry is written in a savepoint and its failure swallowed: nobody is locked out
    # because the log had a problem (here: the action missing from the registry, as after a bad
    # deploy).
    from kernel import audit

    monkeypatch.delitem(audit._ACTIONS, "auth.login")
    monkeypatch.delitem(audit._ACTIONS, "auth.login_failed")
    assert Client().post(reverse("login"), {"username": staf.username, "password": "x"}).status_code == 200
    response = Client().post(reverse("login"), {"username": staf.username, "password": PASSWORD})
    assert response.status_code == 302


def test_user_created_activated_deactivated_and_roles_changed_are_audited(kepala):
    User = get_user_model()
    with acting_as(kepala):
        user = User.objects.create_user(username="baru", password=PASSWORD)
        user.groups.add(Group.objects.get(name=STAF))
        user.is_active = False
        user.save()
        user.is_active = True
        user.save(update_fields=["is_active"])
        user.groups.remove(Group.objects.get(name=STAF))
        Group.objects.get(name=SEKRETARIS).user_set.add(user)
        user.groups.clear()
    entries = list(AuditEntry.objects.filter(object_id=str(user.pk)).order_by("id"))
    assert [e.action for e in entries] == [
        "user.create",
        "user.groups_add",
        "user.deactivate",
        "user.activate",
        "user.groups_remove",
        "user.groups_add",
        "user.groups_remove",
    ]
    assert all(e.actor == kepala for e in entries)
    assert entries[1].data == {"groups": [STAF]}
    assert entries[5].data == {"groups": [SEKRETARIS]}
    assert entries[6].data == {"groups": [SEKRETARIS]}
    assert (entries[2].from_state, entries[2].to_state) == ("active", "inactive")
    assert all("password" not in json.dumps(e.data) for e in entries)


def test_user_changes_outside_the_admin_are_audited_as_the_system():
    user = get_user_model().objects.create_user(username="dari_perintah")
    entry = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    assert entry.actor is None and entry.actor_repr == "system"


def test_last_login_update_writes_no_user_entry(staf):
    before = AuditEntry.objects.filter(action__startswith="user.").count()
    Client().post(reverse("login"), {"username": staf.username, "password": PASSWORD})
    assert AuditEntry.objects.filter(action__startswith="user.").count() == before
