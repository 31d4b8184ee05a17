"""The release sections of "Pekerjaan saya" (kernel.worklist)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.text import plain_line
from kernel.worklist import APPROVAL, RETURNED, SCHEDULE, WorkItem, work_register

from . import permissions as perms
from . import selectors


def _url(release):
    return reverse("staff_releases:detail", kwargs={"pk": release.pk})


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _review_item(release):
    return WorkItem(
        title=release.title,
        url=_url(release),
        note=_("diajukan oleh %(who)s") % {"who": _person(release.submitted_by or release.author)},
        when=release.updated_at,
        when_label=_("diajukan"),
    )


def _correction_item(correction):
    return WorkItem(
        title=correction.release.title,
        url=reverse(
            "staff_releases:correction", kwargs={"pk": correction.release_id, "correction_pk": correction.pk}
        ),
        note=_("koreksi besar diusulkan oleh %(who)s") % {"who": _person(correction.created_by)},
        when=correction.created_at,
        when_label=_("diusulkan"),
    )


def _returned_item(release):
    return WorkItem(
        title=release.title,
        url=_url(release),
        note=_("Catatan peninjau: %(note)s") % {"note": plain_line(release.review_comment)[:160]},
    )


def _scheduled_item(release):
    return WorkItem(title=release.title, url=_url(release), when=release.publish_at, when_label=_("terbit"))


def _embargo_item(release):
    return WorkItem(
        title=release.title,
        url=_url(release),
        note=release.get_status_display(),
        when=release.embargo_until,
        when_label=_("embargo berakhir"),
    )


work_register(
    "releases.review",
    label=gettext_lazy("Siaran pers"),
    group=APPROVAL,
    order=10,
    url_name="staff_releases:review_queue",
    permission=perms.APPROVE_RELEASE,
    queryset=lambda user: selectors.release_review_queue(user=user),
    item=_review_item,
    nav="staff_releases:review_queue",
    empty=gettext_lazy("Tidak ada siaran pers yang menunggu persetujuan Anda."),
)
work_register(
    "releases.corrections",
    label=gettext_lazy("Koreksi besar"),
    group=APPROVAL,
    order=11,
    url_name="staff_releases:review_queue",
    permission=perms.APPROVE_RELEASE,
    queryset=lambda user: selectors.correction_review_queue(user=user),
    item=_correction_item,
    nav="staff_releases:review_queue",
    empty=gettext_lazy("Tidak ada koreksi besar yang menunggu persetujuan Anda."),
)
work_register(
    "releases.returned",
    label=gettext_lazy("Siaran pers"),
    group=RETURNED,
    order=10,
    url_name="staff_releases:list",
    permission=perms.CHANGE_RELEASE,
    queryset=lambda user: selectors.release_returned_to(user=user),
    item=_returned_item,
    nav="staff_releases:list",
    empty=gettext_lazy("Tidak ada siaran pers Anda yang dikembalikan."),
)
work_register(
    "releases.scheduled",
    label=gettext_lazy("Siaran pers terjadwal"),
    group=SCHEDULE,
    order=10,
    url_name="staff_releases:list",
    permission=perms.VIEW_RELEASE,
    queryset=lambda user: selectors.release_scheduled(user=user),
    item=_scheduled_item,
    badge=False,
    empty=gettext_lazy("Tidak ada siaran pers terjadwal."),
)
work_register(
    "releases.embargo_today",
    label=gettext_lazy("Embargo berakhir hari ini"),
    group=SCHEDULE,
    order=20,
    url_name="staff_releases:list",
    permission=perms.VIEW_RELEASE,
    queryset=lambda user: selectors.release_embargo_ending_today(user=user),
    item=_embargo_item,
    badge=False,
    empty=gettext_lazy("Tidak ada embargo yang berakhir hari ini."),
)
