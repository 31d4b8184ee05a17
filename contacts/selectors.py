from typing import NamedTuple

from django.db.models import Count, Q

from .models import ContactImport, ContactList, ContactListMembership, Journalist, MediaOutlet


def segment_filter(segment):
    """The Q object a segment stands for (case-insensitive on free-text beat and region)."""
    q = Q()
    if segment.beats:
        q &= Q(beat__iregex=r"^(" + "|".join(_re_escape(b) for b in segment.beats) + r")$")
    if segment.regions:
        q &= Q(region__iregex=r"^(" + "|".join(_re_escape(r) for r in segment.regions) + r")$")
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
    return Journalist.objects.select_related("outlet").order_by("name", "pk")


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
    return Journalist.objects.filter(pk__in=matched)


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
