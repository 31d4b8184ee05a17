"""The Django admin: read-only where services own the writes, audited everywhere else."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from kernel.adminaudit import AuditedAdmin
from kernel.models import AuditEntry, Notification, OrganisationProfile
from kernel.roles import STAF

pytestmark = pytest.mark.django_db

# Apps whose every write goes through their services (checks, audit, cache, ledgers).
SERVICE_OWNED_APPS = {"releases", "contacts", "distribution", "conferences", "crises", "publicinfo", "kernel"}
# ...except these, which are plain reference data or settings, edited in the admin (audited).
# (kernel.rolegrant: its add page and actions call kernel.rolegrants, as the profile page calls its service.)
WRITABLE_IN_ADMIN = {"releases.category", "releases.tag", "kernel.organisationprofile", "kernel.rolegrant"}


@pytest.fixture
def superuser(make_user):
    return make_user("admin_humas", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _writable(model_admin, request):
    return (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )


def test_every_admin_page_is_read_only_or_audited(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        writable = _writable(model_admin, request)
        if model._meta.app_label in SERVICE_OWNED_APPS and label not in WRITABLE_IN_ADMIN:
            assert not writable, f"{label}: its writes belong to a service; the admin must only look"
            for inline in model_admin.get_inline_instances(request):
                assert not _writable(inline, request), f"{label}: inline {type(inline).__name__}"
        elif writable:
            assert isinstance(model_admin, AuditedAdmin), f"{label}: writable in the admin but not audited"


def test_read_only_admin_refuses_a_change(admin_client):
    from contacts.models import MediaOutlet

    outlet = MediaOutlet.objects.create(name="Harian Uji")
    url = reverse("admin:contacts_mediaoutlet_change", args=[outlet.pk])
    assert admin_client.post(url, {"name": "Diubah"}).status_code == 403
    outlet.refresh_from_db()
    assert outlet.name == "Harian Uji"
    assert admin_client.get(reverse("admin:contacts_mediaoutlet_add")).status_code == 403


def test_user_change_in_admin_is_audited_with_the_admin_as_actor(admin_client, superuser, make_user):
    user = make_user("pegawai_baru")
    staf_group = Group.objects.get(name=STAF)
    data = {
        "username": user.username,
        "first_name": "Budi",
        "last_name": "Santoso",
        "email": user.email,
        # is_active left out: the checkbox is unticked, the user is deactivated
        # groups is no field of the form any more (roles go through kernel.rolegrants): ignored
        "groups": [staf_group.pk],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = {e.action: e for e in AuditEntry.objects.filter(object_id=str(user.pk), actor=superuser)}
    assert {"admin.change", "user.deactivate"} <= set(entries)
    assert "user.groups_add" not in entries and not user.groups.exists()
    assert "password" not in str(entries["admin.change"].data).lower()


def test_user_added_in_admin_is_audited(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "tamu",
            "password1": "uji-Sandi-2026!x",
            "password2": "uji-Sandi-2026!x",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = AuditEntry.objects.get(action="user.create", object_repr="tamu")
    assert created.actor == superuser
    assert AuditEntry.objects.filter(action="admin.add", object_repr="tamu", actor=superuser).exists()
    assert "uji-Sandi" not in str(list(AuditEntry.objects.values()))


def test_group_and_category_changes_in_admin_are_audited(admin_client, superuser):
    from releases.models import Category, Tag

    response = admin_client.post(
        reverse("admin:releases_category_add"), {"name": "Kesehatan", "slug": "kesehatan"}
    )
    assert response.status_code == 302
    category = Category.objects.get(slug="kesehatan")
    assert AuditEntry.objects.filter(action="admin.add", object_id=str(category.pk), actor=superuser).exists()

    tags = [Tag.objects.create(name=f"Tag {i}", slug=f"tag-{i}") for i in range(2)]
    response = admin_client.post(
        reverse("admin:releases_tag_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Tag.objects.exists()
    deleted = AuditEntry.objects.filter(action="admin.delete", actor=superuser)
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["Tag 0", "Tag 1"]

    # Roles are declared in code and synced: the admin only shows them.
    group = Group.objects.create(name="Tamu")
    response = admin_client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Group.objects.filter(name="Tamu").exists()


def test_organisation_profile_change_in_admin_goes_through_the_service(admin_client, superuser):
    from kernel.selectors import organisation_profile_get

    organisation_profile_get()  # cached now
    profile = OrganisationProfile.objects.get(pk=1)
    data = {
        "name": "Pemerintah Kota Uji",
        "short_name": profile.short_name,
        "unit_name": profile.unit_name,
        "address": profile.address,
        "phone": profile.phone,
        "email": profile.email,
        "website": profile.website,
        "release_number_pattern": profile.release_number_pattern,
    }
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(reverse("admin:kernel_organisationprofile_change", args=[1]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="organisation_profile.update")
    assert entry.actor == superuser and entry.data["name"]["to"] == "Pemerintah Kota Uji"
    assert AuditEntry.objects.filter(action="admin.change", actor=superuser).exists()
    assert organisation_profile_get().name == "Pemerintah Kota Uji"  # the cache was dropped


def test_notification_admin_lists_read_only(admin_client, sekretaris):
    notification = Notification.objects.create(
        kind="release.review_request",
        recipient=sekretaris,
        to_address=sekretaris.email,
        subject="Mohon tinjau",
        body="...",
        status=Notification.Status.FAILED,
        last_error="SMTP 550 mailbox unavailable",
        created_at=datetime.datetime.now(datetime.UTC),
    )
    page = admin_client.get(reverse("admin:kernel_notification_changelist")).content.decode()
    assert "SMTP 550 mailbox unavailable" in page
    assert admin_client.get(reverse("admin:kernel_notification_add")).status_code == 403
    url = reverse("admin:kernel_notification_change", args=[notification.pk])
    assert admin_client.post(url, {"subject": "x"}).status_code == 403
