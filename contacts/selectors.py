from django.db.models import Q

from .models import Journalist


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
    return Journalist.objects.filter(segment_filter(segment))


def recipients_for(*, lists=(), segments=(), journalists=()):
    """Everyone a send may reach: members of the lists, matches of the segments and the named
    journalists, each once, minus do-not-contact and erased people. Returns a queryset."""
    q = Q(pk__in=[])
    list_ids = [cl.pk for cl in lists]
    if list_ids:
        q |= Q(contact_lists__in=list_ids)
    for segment in segments:
        q |= segment_filter(segment)
    ids = [j.pk for j in journalists]
    if ids:
        q |= Q(pk__in=ids)
    matched = Journalist.objects.filter(q).values("pk")
    return Journalist.objects.filter(pk__in=matched, do_not_contact=False, erased_at__isnull=True).order_by(
        "pk"
    )
