from typing import NamedTuple

from django.db.models import Case, Count, Q, Value, When

from .models import ContactImport, ContactList, ContactListMembership, Journalist, MediaOutlet


def segment_filter(segment):
    """The Q object a segment stands for (case-insensitive on free-text beat and region)."""
    q = Q()
    if segment.beats:
        q &= Q(beat__iregex=r"^(" + "|".join(_re_escape(b) for b in segment.beats) + r")$")
    if segment.regions:
        # A province also matches its regencies and cities (contacts.taxonomy).
        from .taxonomy import region_with_parts

        regions = region_with_parts(segment.regions)
        q &= Q(region__iregex=r"^(" + "|".join(_re_escape(r) for r in regions) + r")$")
    if segment.outlet_types:
        q &= Q(outlet__outlet_type__in=segment.outlet_types)
    if segment.languages:
        q &= Q(language__in=segment.languages)
    return q


def _re_escape(value):
    import re

    return re.escape(value.strip())


def segment_journalists(segment):
    """Everyone the segment matches (an empty segment matches everyone), erased people never."""
    return Journalist.objects.filter(segment_filter(segment), erased_at__isnull=True)


def journalist_list():
    # Duplicates merged into another record stay for their history, out of the lists.
    return Journalist.objects.filter(merged_into__isnull=True).select_related("outlet").order_by("name", "pk")


def journalist_duplicate_candidates(journalist, *, limit=5):
    """Records that may be the same person: the same name, or one of this record's e-mails or
    phone numbers on another record (as its primary or a further contact point)."""
    from .models import JournalistContactPoint

    if journalist.erased_at:
        return []
    emails = {journalist.email.lower()} | {
        v.lower() for v in journalist.contact_points.filter(kind="email").values_list("value", flat=True)
    }
    phones = {journalist.phone.as_e164} if journalist.phone else set()
    phones |= set(journalist.contact_points.filter(kind="phone").values_list("value", flat=True))
    by_point = JournalistContactPoint.objects.filter(
        Q(kind="email", value__in=emails) | Q(kind="phone", value__in=phones)
    ).values_list("journalist_id", flat=True)
    q = Q(name__iexact=journalist.name) | Q(pk__in=by_point)
    if phones:
        q |= Q(phone__in=phones)
    return list(
        Journalist.objects.filter(q, erased_at__isnull=True, merged_into__isnull=True)
        .exclude(pk=journalist.pk)
        .select_related("outlet")
        .order_by("name", "pk")[:limit]
    )


def journalist_search(text, *, limit=10):
    """The best matches for a picker: names and e-mails starting with or containing the text
    (trigram GIN indexes keep it fast at 100,000 contacts), erased people never."""
    text = " ".join((text or "").split())[:100]
    if len(text) < 2:
        return []
    # Outlets are few: their ids first, so the journalist query is one table's bitmap OR of the
    # trigram indexes and the outlet index (an OR across a join would scan every contact).
    outlet_ids = list(MediaOutlet.objects.filter(name__icontains=text).values_list("pk", flat=True)[:50])
    queryset = (
        Journalist.objects.filter(erased_at__isnull=True, merged_into__isnull=True)
        .filter(Q(name__icontains=text) | Q(email__icontains=text) | Q(outlet_id__in=outlet_ids))
        .select_related("outlet")
        # Names that start with the text first, then alphabetical.
        .annotate(starts=Case(When(name__istartswith=text, then=Value(0)), default=Value(1)))
        .order_by("starts", "name", "pk")
    )
    return list(queryset[:limit])


def beat_list():
    """The desks with how many contacts use each (one query)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce, Lower

    from .models import Beat

    used = (
        Journalist.objects.filter(erased_at__isnull=True, beat__iexact=OuterRef("name"))
        .order_by()
        .annotate(k=Lower("beat"))
        .values("k")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Beat.objects.annotate(contact_count=Coalesce(Subquery(used[:1]), 0)).order_by("name")


def journalist_get(pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Journalist.objects.select_related("outlet"), pk=pk)


def outlet_list():
    return MediaOutlet.objects.annotate(
        journalist_count=Count("journalists", filter=Q(journalists__erased_at__isnull=True))
    ).order_by("name")


def contact_list_list():
    return ContactList.objects.annotate(
        member_count=Count("memberships", distinct=True),
        contactable_count=Count(
            "memberships",
            filter=Q(
                memberships__journalist__do_not_contact=False, memberships__journalist__erased_at__isnull=True
            ),
            distinct=True,
        ),
    ).order_by("name")


def contact_list_members(contact_list):
    return (
        Journalist.objects.filter(memberships__contact_list=contact_list)
        .select_related("outlet")
        .order_by("name", "pk")
    )


def import_list():
    return ContactImport.objects.select_related("created_by").order_by("-created_at")


def _segment_q(segment):
    # An empty segment is "everyone"; OR-ing an empty Q would silently add nobody.
    return segment_filter(segment) or Q(pk__isnull=False)


def _chosen_q(lists, segments, journalists):
    q = Q(pk__in=[])
    list_ids = [cl.pk for cl in lists]
    if list_ids:
        q |= Q(contact_lists__in=list_ids)
    for segment in segments:
        q |= _segment_q(segment)
    ids = [j.pk for j in journalists]
    if ids:
        q |= Q(pk__in=ids)
    return q


def chosen_journalists(*, lists=(), segments=(), journalists=()):
    """Everyone the lists, segments and named journalists point at, each once, including the
    people a send leaves out (do-not-contact, erased)."""
    matched = Journalist.objects.filter(_chosen_q(lists, segments, journalists)).values("pk")
    # A duplicate merged into another record is that record: never chosen twice.
    return Journalist.objects.filter(pk__in=matched, merged_into__isnull=True)


def recipients_for(*, lists=(), segments=(), journalists=()):
    """Everyone a send may reach: members of the lists, matches of the segments and the named
    journalists, each once, minus do-not-contact and erased people. Returns a queryset. The one
    definition: the preview counts it and the distribution's ledger is written from it."""
    return (
        chosen_journalists(lists=lists, segments=segments, journalists=journalists)
        .filter(do_not_contact=False, erased_at__isnull=True)
        .order_by("pk")
    )


class RecipientPreview(NamedTuple):
    count: int  # who gets a mail: exactly the rows the ledger will hold
    excluded_opted_out_count: int  # chosen, but do-not-contact or erased
    duplicate_count: int  # appearances in more than one of the chosen lists/segments, merged


def recipients_preview(*, lists=(), segments=(), journalists=()):
    """The counts of the "who gets this" line, from the same querysets the send uses: `count`
    is recipients_for(...).count(), the rows the ledger gets when the send starts."""
    lists, segments, journalists = list(lists), list(segments), list(journalists)
    recipients = recipients_for(lists=lists, segments=segments, journalists=journalists)
    matched = chosen_journalists(lists=lists, segments=segments, journalists=journalists).count()
    count = recipients.count()
    # Every appearance of a person in the chosen sources, before de-duplication.
    list_ids = [cl.pk for cl in lists]
    appearances = (
        ContactListMembership.objects.filter(contact_list_id__in=list_ids).count() if list_ids else 0
    )
    for segment in segments:
        appearances += Journalist.objects.filter(_segment_q(segment)).count()
    appearances += len({j.pk for j in journalists})
    return RecipientPreview(count, matched - count, max(0, appearances - matched))


def journalist_get_by_email(email):
    """The (not erased) journalist with this address, compared the way addresses are stored
    (trimmed, lower case), or None."""
    from .suppression import address_normalise

    address = address_normalise(email)
    if not address:
        return None
    return (
        Journalist.objects.select_related("outlet")
        .filter(email__iexact=address, erased_at__isnull=True)
        .order_by("pk")
        .first()
    )
