import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kernel.audit import audit_record
from kernel.models import AuditEntry, OrganisationProfile

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_when_and_states(sekretaris):
    profile = OrganisationProfile.objects.get(pk=1)
    entry = audit_record(
        actor=sekretaris,
        action="release.approve",
        obj=profile,
        from_state="in_review",
        to_state="approved",
        data={"when": timezone.now(), "ids": {1, 2}},
    )
    entry.refresh_from_db()
    assert entry.actor_repr == "sekretaris_uji"
    assert entry.content_type.model == "organisationprofile"
    assert entry.object_id == "1"
    assert (entry.from_state, entry.to_state) == ("in_review", "approved")
    assert sorted(entry.data["ids"]) == [1, 2]


def test_audit_record_for_system_actor():
    entry = audit_record(actor="system:beat", action="release.publish_scheduled")
    assert entry.actor is None and entry.actor_repr == "system:beat"


def test_audit_list_filters(client, sekretaris, kepala):
    profile = OrganisationProfile.objects.get(pk=1)
    audit_record(actor=kepala, action="organisation_profile.update", obj=profile)
    old = audit_record(actor=sekretaris, action="release.approve", obj=profile)
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    client.force_login(sekretaris)
    url = reverse("staff:audit_list")
    body = client.get(url).content.decode()
    assert "organisation_profile.update" in body and "release.approve" in body
    body = client.get(url, {"actor": kepala.pk}).content.decode()
    assert "organisation_profile.update" in body and "release.approve" not in body
    body = client.get(url, {"action": "approve"}).content.decode()
    assert "release.approve" in body and "organisation_profile.update" not in body
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = client.get(url, {"date_from": since}).content.decode()
    assert "organisation_profile.update" in body and "release.approve" not in body
    response = client.get(url, {"content_type": "999999"})
    assert response.status_code == 200  # a bad filter value is a form error, not a 500


def test_audit_list_query_count_is_constant(client, sekretaris, django_assert_max_num_queries):
    profile = OrganisationProfile.objects.get(pk=1)
    for i in range(30):
        audit_record(actor=sekretaris, action="organisation_profile.update", obj=profile, data={"n": i})
    client.force_login(sekretaris)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:audit_list")).status_code == 200
