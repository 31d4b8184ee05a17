from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.models import TimeStampedModel
from kernel.singleline import single_line_fields


class FollowUp(models.TextChoices):
    CORRECTION = "correction", _("Koreksi")
    RESEND = "resend", _("Kirim ulang")
    EMBARGO = "embargo", _("Perubahan embargo")


class Distribution(TimeStampedModel):
    """One send of one thing (a release, an invitation, a statement) to the union of the chosen
    lists, segments and named journalists. Its Delivery rows are the ledger."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SCHEDULED = "scheduled", _("Terjadwal")
        SENDING = "sending", _("Sedang dikirim")
        PAUSED = "paused", _("Dijeda")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    source_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_content_type", "source_object_id")
    kind = models.CharField(_("jenis surat"), max_length=40, default="default")
    subject = models.CharField(_("subjek"), max_length=300, blank=True)
    lists = models.ManyToManyField(
        "contacts.ContactList", verbose_name=_("daftar kontak"), blank=True, related_name="distributions"
    )
    segments = models.ManyToManyField(
        "contacts.Segment", verbose_name=_("segmen"), blank=True, related_name="distributions"
    )
    journalists = models.ManyToManyField(
        "contacts.Journalist", verbose_name=_("wartawan"), blank=True, related_name="named_in_distributions"
    )
    scheduled_at = models.DateTimeField(_("dijadwalkan pada"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="distributions",
    )
    # Kept as text: code paths without a user (reminders) start distributions as "system:...".
    created_by_repr = models.CharField(_("dibuat oleh (teks)"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # A follow-up (services.distribution_follow_up_create): the same source and builder, sent to
    # recipients taken from the original's ledger instead of lists (a correction to everyone who
    # received it, a resend to those whose delivery failed temporarily, an embargo notice).
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("tindak lanjut dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    follow_up_kind = models.CharField(
        _("jenis tindak lanjut"), max_length=20, choices=FollowUp.choices, blank=True
    )
    # The create page's default when some chosen recipients already received this source from an
    # earlier distribution: they get no second copy (no ledger row).
    skip_received = models.BooleanField(_("lewati penerima yang sudah menerima"), default=False)

    class Meta:
        verbose_name = _("distribusi")
        verbose_name_plural = _("distribusi")
        ordering = ["-created_at", "-id"]
        permissions = [("send_distribution", _("Dapat mengirim distribusi ke wartawan"))]
        indexes = [models.Index(fields=["source_content_type", "source_object_id"])]

    def __str__(self):
        return self.subject or f"Distribusi #{self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("staff_distribution:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self):
        return self.status in (self.Status.SENDING, self.Status.SCHEDULED, self.Status.PAUSED)


class Delivery(models.Model):
    """One recipient of one distribution, written before any mail leaves. Its status moves
    queued -> sending (claimed by a worker with a conditional UPDATE) -> sent | failed | skipped,
    or back to queued for a retry."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        SKIPPED = "skipped", _("Dilewati")

    class SkipReason(models.TextChoices):
        OPTED_OUT = "opted_out", _("Berhenti berlangganan / jangan dihubungi")
        ERASED = "erased", _("Data dihapus (PDP)")
        CANCELLED = "cancelled", _("Distribusi dibatalkan")
        NO_EMAIL = "no_email", _("Tanpa alamat e-mail")

    FINAL_STATUSES = (Status.SENT, Status.FAILED, Status.SKIPPED)

    # No index of its own: the unique (distribution, journalist) index serves every lookup by
    # distribution, and each index is one more insertion per status change in the send loop.
    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    # PROTECT: a PDP erasure anonymises the journalist row but never deletes the ledger.
    journalist = models.ForeignKey(
        "contacts.Journalist", on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("wartawan")
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    skip_reason = models.CharField(
        _("alasan dilewati"), max_length=20, choices=SkipReason.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    smtp_reply = models.TextField(_("balasan SMTP"), blank=True)
    # When the row was last handed to a task: the sweep re-queues queued rows whose task was lost
    # (a Redis restart without persistence drops the queue).
    queued_at = models.DateTimeField(null=True, blank=True)
    # A retry (4xx, timeout, domain cap) waits until then.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The claim's lease: the worker holding a `sending` row renews it while it lives (a heartbeat
    # thread, sending.LeaseKeeper); the stuck-row sweep takes only rows whose lease expired, so a
    # slow but healthy relay never has its rows handed to a second worker (issue 16).
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "journalist"], name="delivery_distribution_journalist_unique"
            )
        ]
        indexes = [
            # The open rows only (queued, sending), per distribution: for "is anything left?"
            # after each batch, pause/resume/cancel and the stuck-row sweep. Partial, so a row
            # leaves it when it reaches a final state; the per-status counts of the progress page
            # read a distribution's rows through the unique index instead. No index on status
            # over all rows: every index is one more insertion per `sent` mark.
            models.Index(
                fields=["distribution", "claimed_at"],
                name="delivery_open_idx",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"


class LinkClickCount(models.Model):
    """Clicks on one link of one distribution's mails, counted in aggregate (no person in it):
    what the report shows by default. The link in the mail is a signed redirect
    (distribution.links, purpose distribution.click) that names the distribution and the URL."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="link_clicks")
    url = models.URLField(_("tautan"), max_length=2000)
    clicks = models.PositiveIntegerField(_("klik"), default=0)
    last_clicked_at = models.DateTimeField(_("klik terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("klik tautan")
        verbose_name_plural = _("klik tautan")
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "url"], name="linkclickcount_distribution_url_unique"
            )
        ]

    def __str__(self):
        return f"{self.url} ({self.clicks})"


class RecipientClick(models.Model):
    """One click by one recipient: written only when the office turned per-recipient tracking on
    (organisation profile), and then the mail's footer says so (UU PDP: transparency)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(_("tautan"), max_length=2000)
    clicked_at = models.DateTimeField(_("waktu klik"), auto_now_add=True)

    class Meta:
        verbose_name = _("klik penerima")
        verbose_name_plural = _("klik penerima")

    def __str__(self):
        return self.url


class EngagementCount(models.Model):
    """Aggregate counts of pages opened from a distribution's mails (the press kit, the embargo
    room): `distribution.engagement.engagement_record(distribution_id=, what=)`, for other apps
    to call. No person in it."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="engagement")
    what = models.CharField(_("halaman"), max_length=40)
    count = models.PositiveIntegerField(_("jumlah"), default=0)
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keterlibatan")
        verbose_name_plural = _("keterlibatan")
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "what"], name="engagementcount_distribution_what_unique"
            )
        ]

    def __str__(self):
        return f"{self.what} ({self.count})"


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(Distribution)
