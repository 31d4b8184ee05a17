from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.models import TimeStampedModel
from kernel.search import search_vector_field
from kernel.singleline import single_line_fields

# Minutes between public updates per severity, used when no SeverityCadence row overrides it
# (the rows are created by a data migration and edited by Sekretaris Pers / Kepala Humas).
DEFAULT_CADENCE_MINUTES = {1: 30, 2: 60, 3: 240, 4: 1440}
# UU PDP 27/2022 Pasal 46: the data subjects and the authority must be told within 3 x 24 hours.
PDP_NOTIFICATION_HOURS = 72


class Severity(models.IntegerChoices):
    CRITICAL = 1, _("1 — Kritis")
    HIGH = 2, _("2 — Tinggi")
    MEDIUM = 3, _("3 — Sedang")
    LOW = 4, _("4 — Rendah")


class Scenario(models.TextChoices):
    GENERAL = "general", _("Umum")
    NATURAL_DISASTER = "natural_disaster", _("Bencana alam")
    SERVICE_OUTAGE = "service_outage", _("Gangguan layanan")
    DATA_BREACH = "data_breach", _("Kebocoran data pribadi")
    HEALTH = "health", _("Kesehatan masyarakat")
    ACCIDENT = "accident", _("Kecelakaan / kebakaran")
    SOCIAL_UNREST = "social_unrest", _("Keamanan / ketertiban")
    REPUTATION = "reputation", _("Isu reputasi / hoaks")


class SeverityCadence(models.Model):
    severity = models.PositiveSmallIntegerField(_("tingkat keparahan"), choices=Severity.choices, unique=True)
    minutes = models.PositiveIntegerField(_("interval pembaruan (menit)"))
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("irama pembaruan")
        verbose_name_plural = _("irama pembaruan")
        ordering = ["severity"]
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gte=5), name="severitycadence_min_5"),
            models.CheckConstraint(condition=models.Q(severity__gte=1, severity__lte=4), name="cadence_sev"),
        ]

    def __str__(self):
        return f"{self.get_severity_display()}: {self.minutes} menit"


class Incident(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        RESPONDING = "responding", _("Penanganan")
        MONITORING = "monitoring", _("Pemantauan")
        RESOLVED = "resolved", _("Selesai")

    ORDER = [Status.OPEN, Status.RESPONDING, Status.MONITORING, Status.RESOLVED]

    title = models.CharField(_("judul"), max_length=250)
    description = models.TextField(_("uraian"), blank=True)
    kind = models.CharField(_("jenis"), max_length=30, choices=Scenario.choices, default=Scenario.GENERAL)
    severity = models.PositiveSmallIntegerField(_("tingkat keparahan"), choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="crisis_incidents_owned",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("tim"), blank=True, related_name="crisis_incidents"
    )
    releases = models.ManyToManyField(
        "releases.Release", verbose_name=_("siaran pers terkait"), blank=True, related_name="incidents"
    )
    detected_at = models.DateTimeField(_("diketahui pada"), default=timezone.now)
    opened_at = models.DateTimeField(_("dibuka pada"), default=timezone.now)
    resolved_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Denormalised so the dashboard and the beat sweep filter and sort in SQL: the time of the
    # last public update (or the opening) and that time plus the severity's cadence.
    last_public_update_at = models.DateTimeField(_("pembaruan publik terakhir"))
    next_update_due_at = models.DateTimeField(_("pembaruan berikutnya"), null=True, blank=True, db_index=True)
    # The due time already reminded about: the sweep claims a reminder by a conditional UPDATE
    # on this column, so each overdue period is reminded once, even with two beats racing.
    last_overdue_reminder_for = models.DateTimeField(null=True, blank=True, editable=False)
    review_what_happened = models.TextField(_("apa yang terjadi"), blank=True)
    review_what_worked = models.TextField(_("apa yang berjalan baik / kurang"), blank=True)
    review_follow_ups = models.TextField(_("tindak lanjut"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )

    class Meta:
        verbose_name = _("insiden krisis")
        verbose_name_plural = _("insiden krisis")
        ordering = ["severity", "next_update_due_at", "-opened_at"]
        permissions = [("resolve_incident", _("Dapat menutup insiden dengan tinjauan pascainsiden"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(severity__gte=1, severity__lte=4), name="incident_sev")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("staff_crises:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status != self.Status.RESOLVED

    @property
    def is_update_overdue(self):
        return (
            self.is_open and self.next_update_due_at is not None and self.next_update_due_at <= timezone.now()
        )

    @property
    def is_data_breach(self):
        return self.kind == Scenario.DATA_BREACH

    @property
    def pdp_deadline(self):
        if not self.is_data_breach or self.detected_at is None:
            return None
        return self.detected_at + timedelta(hours=PDP_NOTIFICATION_HOURS)

    @property
    def pdp_overdue(self):
        deadline = self.pdp_deadline
        return deadline is not None and deadline <= timezone.now()


class TimelineEntry(models.Model):
    """Append-only: a correction is a new entry pointing at the one it corrects."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Pembaruan")
        DECISION = "decision", _("Keputusan")
        INQUIRY = "inquiry", _("Pertanyaan media")
        STATEMENT = "statement", _("Pernyataan")
        EVENT = "event", _("Peristiwa luar")

    PUBLIC_KINDS = (Kind.UPDATE, Kind.STATEMENT)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("isi"))
    is_public = models.BooleanField(
        _("pembaruan publik"),
        default=False,
        help_text=_("Centang bila isi ini sudah disampaikan ke publik (mengatur ulang hitung mundur)."),
    )
    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("mengoreksi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        verbose_name = _("entri kronologi")
        verbose_name_plural = _("kronologi")
        ordering = ["-occurred_at", "-id"]
        # Append-only: no role is ever given change or delete.
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_public=False) | models.Q(kind__in=["update", "statement"]),
                name="timeline_public_kinds",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("Kronologi tidak dapat diubah; tambahkan entri koreksi."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Kronologi tidak dapat dihapus; tambahkan entri koreksi."))


class StatementTemplate(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        APPROVED = "approved", _("Disetujui")

    title = models.CharField(_("judul"), max_length=250)
    scenario = models.CharField(_("skenario"), max_length=30, choices=Scenario.choices)
    body = models.TextField(_("isi"), help_text=_("Tandai bagian yang harus diisi dengan [KURUNG SIKU]."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_date = models.DateField(
        _("tanggal tinjau ulang"), help_text=_("Setelah tanggal ini templat harus disetujui ulang.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Whoever last wrote the text: the second pair of eyes is someone else.
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("templat pernyataan")
        verbose_name_plural = _("templat pernyataan")
        ordering = ["scenario", "title"]
        permissions = [("approve_statementtemplate", _("Dapat menyetujui templat pernyataan"))]

    def __str__(self):
        return self.title

    @property
    def review_overdue(self):
        return self.review_date < timezone.localdate()

    @property
    def is_usable(self):
        return self.status == self.Status.APPROVED and not self.review_overdue


class Statement(TimeStampedModel):
    """A holding statement of an incident: drafted (often from a template), approved by someone
    else (Sekretaris Pers or Kepala Humas), then published as an official statement and/or sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        APPROVED = "approved", _("Disetujui")
        PUBLISHED = "published", _("Dirilis")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="statements")
    template = models.ForeignKey(
        StatementTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    # Always written through kernel.sanitize.sanitize_html by the services.
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    rejection_comment = models.TextField(_("catatan penolakan"), blank=True)
    # Published on the public page ("Pernyataan Resmi"); independent from being sent by mail.
    is_public = models.BooleanField(_("tampil di halaman publik"), default=False)
    published_at = models.DateTimeField(_("dirilis pada"), null=True, blank=True, db_index=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_to = models.ForeignKey(
        "contacts.ContactList",
        verbose_name=_("dikirim ke daftar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    # The public search (portal.search); tags of the sanitised HTML body are not indexed.
    search_vector = search_vector_field(("title", "A"), ("body", "C"))

    class Meta:
        verbose_name = _("pernyataan")
        verbose_name_plural = _("pernyataan")
        ordering = ["-published_at", "-created_at"]
        indexes = [GinIndex(fields=["search_vector"], name="statement_search_gin")]
        permissions = [
            ("approve_statement", _("Dapat menyetujui pernyataan (mata kedua)")),
            ("release_statement", _("Dapat menerbitkan/mengirim pernyataan")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crises:statement_detail", kwargs={"slug": self.slug})

    @property
    def is_published_publicly(self):
        return self.status == self.Status.PUBLISHED and self.is_public and self.published_at is not None


class MediaInquiry(TimeStampedModel):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Telepon")
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp/pesan")
        IN_PERSON = "in_person", _("Tatap muka")
        SOCIAL = "social", _("Media sosial")
        PRESS_CONFERENCE = "press_conference", _("Konferensi pers")

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        IN_PROGRESS = "in_progress", _("Sedang disiapkan")
        ANSWERED = "answered", _("Dijawab")
        DECLINED = "declined", _("Tidak dijawab")

    CLOSED_STATUSES = (Status.ANSWERED, Status.DECLINED)

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("insiden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    journalist = models.ForeignKey(
        "contacts.Journalist",
        verbose_name=_("wartawan (dari kontak)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_inquiries",
    )
    journalist_name = models.CharField(_("wartawan (nama bebas)"), max_length=200, blank=True)
    outlet_name = models.CharField(_("media"), max_length=200, blank=True)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, default=Channel.PHONE)
    question = models.TextField(_("pertanyaan"))
    received_at = models.DateTimeField(_("diterima pada"), default=timezone.now)
    deadline = models.DateTimeField(_("tenggat"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crisis_inquiries",
    )
    answer = models.TextField(_("jawaban"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pertanyaan media")
        verbose_name_plural = _("pertanyaan media")
        ordering = ["deadline", "-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(journalist__isnull=True, journalist_name=""),
                name="inquiry_has_journalist",
            )
        ]

    def __str__(self):
        return f"{self.who}: {self.question[:60]}"

    @property
    def who(self):
        if self.journalist_id:
            return self.journalist.name
        return self.journalist_name

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    @property
    def is_overdue(self):
        return not self.is_closed and self.deadline is not None and self.deadline <= timezone.now()


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(Incident)
single_line_fields(StatementTemplate)
single_line_fields(Statement)
single_line_fields(MediaInquiry)
