from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.models import TimeStampedModel
from kernel.search import search_vector_field
from kernel.singleline import single_line_fields


class Conference(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        RESCHEDULED = "rescheduled", _("Dijadwalkan ulang")
        CANCELLED = "cancelled", _("Dibatalkan")
        HELD = "held", _("Terlaksana")

    # Statuses in which the event is still going to take place.
    ACTIVE_STATUSES = (Status.PLANNED, Status.RESCHEDULED)

    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=270, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    starts_at = models.DateTimeField(_("mulai"), db_index=True)
    ends_at = models.DateTimeField(_("selesai"))
    venue_name = models.CharField(_("tempat"), max_length=200, blank=True)
    venue_address = models.TextField(_("alamat tempat"), blank=True)
    map_url = models.URLField(_("tautan peta"), blank=True, max_length=500)
    online_url = models.URLField(_("tautan daring"), blank=True, max_length=500)
    release = models.ForeignKey(
        "releases.Release",
        verbose_name=_("siaran pers terkait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conferences",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    status_note = models.TextField(_("catatan perubahan status"), blank=True)
    is_public = models.BooleanField(
        _("tampil di jadwal publik"),
        default=True,
        help_text=_("Konferensi tertutup hanya terlihat oleh undangan lewat tautan pribadi mereka."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("pengingat (jam sebelum acara)"), default=24, help_text=_("0 berarti tanpa pengingat.")
    )
    # Claimed by a conditional UPDATE (WHERE reminder_sent_at IS NULL) so beat sends it once.
    reminder_sent_at = models.DateTimeField(_("pengingat terkirim"), null=True, blank=True)
    followup_attended_sent_at = models.DateTimeField(
        _("tindak lanjut ke peserta hadir terkirim"), null=True, blank=True
    )
    followup_absent_sent_at = models.DateTimeField(
        _("tindak lanjut ke undangan tidak hadir terkirim"), null=True, blank=True
    )
    invitations_sent_at = models.DateTimeField(_("undangan pertama terkirim"), null=True, blank=True)
    # iCalendar SEQUENCE: bumped on every reschedule and on cancellation.
    sequence = models.PositiveIntegerField(_("urutan revisi kalender"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The public search (portal.search).
    search_vector = search_vector_field(("title", "A"), ("description", "B"), ("venue_name", "C"))

    class Meta:
        verbose_name = _("konferensi pers")
        verbose_name_plural = _("konferensi pers")
        ordering = ["-starts_at"]
        indexes = [GinIndex(fields=["search_vector"], name="conference_search_gin")]
        permissions = [
            (
                "send_conference_mail",
                _("Dapat mengirim undangan, pengingat, pemberitahuan dan tindak lanjut"),
            ),
            ("checkin_conference", _("Dapat mencatat kehadiran konferensi pers")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="conference_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"slug": self.slug})

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    # The door opens two hours before the start (people come early to set up and register) and
    # closes at the end of the (WIB) day the event ends (late lists are typed in the same day).
    CHECKIN_OPENS_BEFORE = timedelta(hours=2)

    @property
    def checkin_opens_at(self):
        return self.starts_at - self.CHECKIN_OPENS_BEFORE

    @property
    def checkin_closes_at(self):
        end = timezone.localtime(self.ends_at)
        return end.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)

    def checkin_open_at(self, now=None):
        now = now or timezone.now()
        return self.checkin_opens_at <= now < self.checkin_closes_at

    @property
    def rsvp_open(self):
        return self.is_active and not self.has_started

    @property
    def ical_uid(self):
        # Stable for the life of the event, so calendars update (not duplicate) on reschedule.
        host = settings.HUMAS_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "humas"
        return f"konferensi-{self.pk}@{host}"


class Speaker(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("nama"), max_length=200)
    role = models.CharField(_("jabatan"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class Invitation(models.Model):
    """One invited journalist and their RSVP. The RSVP link carries a signed token of this row's
    id (conferences.links); the answer may change until the event starts."""

    class Answer(models.TextChoices):
        YES = "yes", _("Hadir")
        NO = "no", _("Tidak hadir")
        MAYBE = "maybe", _("Mungkin")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    journalist = models.ForeignKey(
        "contacts.Journalist",
        verbose_name=_("wartawan"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    answer = models.CharField(_("jawaban"), max_length=10, choices=Answer.choices, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    invited_at = models.DateTimeField(_("diundang pada"), default=timezone.now)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["journalist__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "journalist"], name="invitation_unique_per_journalist"
            )
        ]

    def __str__(self):
        return f"{self.conference_id}:{self.journalist_id}"


class Attendance(models.Model):
    """Someone who came. Invited journalists are linked (unique per conference, so a second
    check-in finds the first row); walk-ins without a contact record keep their own details."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendances")
    journalist = models.ForeignKey(
        "contacts.Journalist",
        verbose_name=_("wartawan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    is_walk_in = models.BooleanField(_("datang tanpa undangan"), default=False)
    name = models.CharField(_("nama"), max_length=200)
    outlet = models.CharField(_("media"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    checked_in_at = models.DateTimeField(_("waktu hadir"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "journalist"],
                condition=Q(journalist__isnull=False),
                name="attendance_unique_per_journalist",
            )
        ]

    def __str__(self):
        return self.name


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(Conference)
single_line_fields(Speaker)
single_line_fields(Attendance)
