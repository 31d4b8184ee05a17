"""The recipient preview and the ledger come from one computation (contacts.selectors.
recipients_for): what the preview says is exactly who gets a Delivery row when the send starts."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import ContactList, Journalist, Segment
from distribution import services
from distribution.models import Delivery
from distribution.selectors import distribution_recipients_preview

pytestmark = pytest.mark.django_db


def test_empty_segment_preview_counts_everyone_and_excludes_nobody_negative(journalists):
    """The drift bug: an empty segment ("everyone") was previewed as "-4 excluded" (the preview
    had its own copy of the computation, in which an empty segment matched nobody)."""
    everyone = Segment.objects.create(name="Semua")
    preview = distribution_recipients_preview(segments=[everyone])
    # Six people: four may be mailed, one opted out, one erased; nobody counted twice.
    assert tuple(preview) == (4, 2, 0)


def test_empty_segment_preview_page_and_ledger_agree(client, sekretaris, release_factory, journalists):
    everyone = Segment.objects.create(name="Semua")
    client.force_login(sekretaris)
    html = client.get(
        reverse("staff_distribution:recipient_count"), {"segments": [everyone.pk]}
    ).content.decode()
    assert "-4" not in html and "4 penerima" in html and "2 dikecualikan" in html
    dist = services.distribution_create(actor=sekretaris, source=release_factory(), segments=[everyone])
    services.distribution_start(actor=sekretaris, distribution=dist)
    assert Delivery.objects.filter(distribution=dist).count() == 4


# --- property: preview == ledger ------------------------------------------------------------
NAMES = ["ana", "budi", "citra", "dedi", "eka"]
BEATS = ["ekonomi", "Ekonomi", "politik", ""]
REGIONS = ["DIY", "diy", "Jateng", ""]
STATES = ["ok", "opted_out", "do_not_contact", "erased"]

person = st.fixed_dictionaries(
    {
        # The same address may come twice in different case: one contact (unique, case-blind).
        "email": st.tuples(st.sampled_from(NAMES), st.booleans()).map(
            lambda t: (t[0].upper() if t[1] else t[0]) + "@media.example.id"
        ),
        "beat": st.sampled_from(BEATS),
        "region": st.sampled_from(REGIONS),
        "state": st.sampled_from(STATES),
        "lists": st.sets(st.integers(0, 2), max_size=3),
        "named": st.booleans(),
    }
)
segment = st.fixed_dictionaries(
    {
        "beats": st.lists(st.sampled_from(["ekonomi", "POLITIK"]), max_size=2, unique=True),
        "regions": st.lists(st.sampled_from(["diy", "Jateng"]), max_size=1),
    }
)
choice = st.fixed_dictionaries(
    {
        "people": st.lists(person, max_size=6),
        "segments": st.lists(segment, max_size=2),  # an empty one (no criteria) is "everyone"
        "use_lists": st.sets(st.integers(0, 2), max_size=3),
    }
)


def _matches(spec, p):
    beat_ok = not spec["beats"] or p.beat.lower() in {b.lower() for b in spec["beats"]}
    region_ok = not spec["regions"] or p.region.lower() in {r.lower() for r in spec["regions"]}
    return beat_ok and region_ok


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=choice)
def test_preview_equals_ledger(data, sekretaris, release_factory):
    with transaction.atomic():
        release = release_factory()
        lists = [ContactList.objects.create(name=f"Daftar {i}") for i in range(3)]
        by_address, memberships, named = {}, {}, set()
        now = timezone.now()
        for spec in data["people"]:
            key = spec["email"].lower()
            j = by_address.get(key)
            if j is None:
                j = Journalist.objects.create(
                    name=spec["email"], email=spec["email"], beat=spec["beat"], region=spec["region"]
                )
                j.do_not_contact = spec["state"] in ("opted_out", "do_not_contact")
                j.opted_out_at = now if spec["state"] == "opted_out" else None
                j.erased_at = now if spec["state"] == "erased" else None
                j.save()
                by_address[key] = j
            for i in spec["lists"]:
                memberships.setdefault(j.pk, set()).add(i)
            if spec["named"]:
                named.add(j.pk)
        for pk, idx in memberships.items():
            for i in idx:
                lists[i].members.add(pk)
        chosen_lists = [lists[i] for i in sorted(data["use_lists"])]
        segments = [
            Segment.objects.create(name=f"Segmen {n}", beats=s["beats"], regions=s["regions"])
            for n, s in enumerate(data["segments"])
        ]
        chosen_people = [j for j in by_address.values() if j.pk in named]

        preview = distribution_recipients_preview(
            lists=chosen_lists, segments=segments, journalists=chosen_people
        )
        dist = services.distribution_create(
            actor=sekretaris, source=release, lists=chosen_lists, segments=segments, journalists=chosen_people
        )
        services.distribution_start(actor=sekretaris, distribution=dist)
        ledger = set(Delivery.objects.filter(distribution=dist).values_list("journalist_id", "email"))

        # An oracle written without the ORM: who is chosen, and who of them may be mailed.
        chosen = {
            j.pk: j
            for j in by_address.values()
            if memberships.get(j.pk, set()) & data["use_lists"]
            or any(_matches(s, j) for s in data["segments"])
            or j.pk in named
        }
        expected = {(j.pk, j.email) for j in chosen.values() if not j.do_not_contact and j.erased_at is None}
        assert ledger == expected
        assert preview.count == len(ledger)
        assert preview.excluded_opted_out_count == len(chosen) - len(expected) >= 0
        assert preview.duplicate_count >= 0
        transaction.set_rollback(True)
