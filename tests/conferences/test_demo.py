import io

import pytest

from kernel.roles import KEPALA, SEKRETARIS, STAF

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_three_conferences_once(staf, sekretaris, kepala, org_profile):
    from conferences import demo
    from conferences.models import Attendance, Conference, Invitation

    users = {STAF: staf, SEKRETARIS: sekretaris, KEPALA: kepala}
    out = io.StringIO()
    demo.seed(org=org_profile, users=users, stdout=out)
    demo.seed(org=org_profile, users=users, stdout=out)  # idempotent
    assert sorted(Conference.objects.values_list("status", flat=True)) == ["cancelled", "held", "planned"]
    assert Invitation.objects.filter(answer="yes").exists()
    assert Attendance.objects.filter(is_walk_in=True).count() == 1
    assert "konferensi pers" in out.getvalue()
