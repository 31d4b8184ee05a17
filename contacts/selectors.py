from django.db.models import Count, Q

from .models import ContactImport, ContactList, Journalist, MediaOutlet


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


def recipients_for(*, lists=(), segments=(), journalists=()):
    """Everyone a send may reach: members of the lists, matches of the segments and the named
    journalists, each once, minus do-not-contact and erased people. Returns a queryset."""
    q = Q(pk__in=[])
    list_ids = [cl.pk for cl in lists]
    if list_ids:
        q |= Q(contact_lists__in=list_ids)
    for segment in segments:
        segment_q = segment_filter(segment)
        # An empty segment is "everyone"; OR-ing an empty Q would silently add nobody.
        q |= segment_q if segment_q else Q(pk__isnull=False)
    ids = [j.pk for j in journalists]
    if ids:
        q |= Q(pk__in=ids)
    matched = Journalist.objects.filter(q).values("pk")
    return Journalist.objects.filter(pk__in=matched, do_not_contact=False, erased_at__isnull=True).order_by(
        "pk"
    )
