from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(seconds):
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s h %(h)s j") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s j %(m)s m") % {"h": hours, "m": minutes}
    return _("%(m)s m") % {"m": minutes}


@register.inclusion_tag("crises/_countdown.html")
def countdown(due, label="", now=None):
    """A countdown to `due`, computed on the server (static/crises/countdown.js keeps it ticking)."""
    if due is None:
        return {"due": None}
    now = now or timezone.now()
    seconds = (due - now).total_seconds()
    return {
        "due": due,
        "label": label,
        "overdue": seconds <= 0,
        "text": (_("terlambat %(span)s") if seconds <= 0 else _("sisa %(span)s")) % {"span": _span(seconds)},
        "formats": {
            "late": _("terlambat %(span)s"),
            "left": _("sisa %(span)s"),
            "days": _("%(d)s h %(h)s j"),
            "hours": _("%(h)s j %(m)s m"),
            "minutes": _("%(m)s m"),
            # The ticking script shows seconds under an hour ("d" = detik).
            "seconds": _("%(m)s m %(s)s d"),
        },
    }


@register.filter
def severity_class(value):
    return f"sev sev-{value}"


@register.simple_tag
def inquiries_of(journalist):
    """For crises/_journalist_inquiries.html (the contact page includes it with `journalist`)."""
    from crises.selectors import inquiries_for_journalist

    return list(inquiries_for_journalist(journalist)[:100])
