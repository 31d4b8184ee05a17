import pytest

from releases.models import Release

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_releases_through_the_workflow(client):
    from humas.demo import demo_seed

    demo_seed()
    statuses = sorted(Release.objects.values_list("status", flat=True))
    assert statuses == sorted([Release.Status.PUBLISHED, Release.Status.IN_REVIEW, Release.Status.DRAFT])
    published = Release.objects.get(status=Release.Status.PUBLISHED)
    assert published.number and published.revisions.exists()
    assert client.get(published.get_absolute_url()).status_code == 200
    demo_seed()  # idempotent
    assert Release.objects.count() == 3


def test_roles_hold_the_release_permissions(role_users):
    from kernel.roles import KEPALA, PPID, SEKRETARIS, STAF

    assert role_users[STAF].has_perm("releases.submit_release")
    assert not role_users[STAF].has_perm("releases.approve_release")
    assert role_users[SEKRETARIS].has_perm("releases.publish_release")
    assert not role_users[SEKRETARIS].has_perm("releases.unpublish_release")
    assert role_users[KEPALA].has_perm("releases.unpublish_release")
    assert not role_users[PPID].has_perm("releases.view_release")


def test_role_lists_are_nested():
    from kernel.roles import KEPALA, SEKRETARIS, STAF
    from releases.permissions import ROLE_PERMISSIONS

    assert set(ROLE_PERMISSIONS[STAF]) <= set(ROLE_PERMISSIONS[SEKRETARIS]) <= set(ROLE_PERMISSIONS[KEPALA])


def test_staff_navigation_links_resolve(client, sekretaris):
    client.force_login(sekretaris)
    body = client.get("/staf/").content.decode()
    assert 'data-nav="staff_releases:list"' in body and 'data-nav="staff_releases:review_queue"' in body
