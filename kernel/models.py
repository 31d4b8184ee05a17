import string

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .media import MediaName
from .singleline import single_line_fields


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


def validate_number_pattern(value):
    """The pattern is a Python format string with {seq} and {year}: refuse anything else early,
    so approval never fails on a typo in the organisation profile."""
    fields = {name for _lit, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
    if "seq" not in fields:
        raise ValidationError(_("Pola nomor harus memuat {seq}."))
    unknown = fields - {"seq", "year", "month"}
    if unknown:
        raise ValidationError(
            _("Pola nomor memuat kolom yang tidak dikenal: %(fields)s. Yang boleh: {seq}, {year}, {month}."),
            params={"fields": ", ".join(sorted(unknown))},
        )
    try:
        value.format(seq=1, year=2026, month=1)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError(_("Pola nomor tidak valid: %(error)s"), params={"error": exc}) from exc


class OrganisationProfile(models.Model):
    """The office's identity: one row (pk=1), edited by Kepala Humas, shown on every page,
    in mails and on press-kit letterheads."""

    SINGLETON_PK = 1

    name = models.CharField(_("nama instansi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    unit_name = models.CharField(_("nama unit"), max_length=200, default="Bagian Hubungan Masyarakat")
    logo = models.ImageField(_("logo"), upload_to=MediaName("org", "logo"), blank=True)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    release_number_pattern = models.CharField(
        _("pola nomor siaran pers"),
        max_length=80,
        default="{seq:03d}/HUMAS/{year}",
        validators=[validate_number_pattern],
        help_text=_("Gunakan {seq} (nomor urut per tahun), {year} dan {month}, mis. {seq:03d}/HUMAS/{year}."),
    )
    # "Tentang <instansi>": the paragraph at the end of every release page and mail.
    boilerplate = models.TextField(
        _("profil singkat instansi (boilerplate)"),
        blank=True,
        help_text=_("Tampil di akhir setiap siaran pers dan e-mailnya, di bawah judul “Tentang <instansi>”."),
    )
    boilerplate_en = models.TextField(
        _("profil singkat instansi dalam bahasa Inggris"),
        blank=True,
        help_text=_("Untuk siaran pers versi bahasa Inggris."),
    )
    dateline_city = models.CharField(
        _("kota dateline"),
        max_length=80,
        blank=True,
        help_text=_("Diletakkan di awal teras siaran pers baru, mis. SURABAYA –."),
    )
    # Privacy first (UU PDP 27/2022): clicks in mails are counted per link only; an office that
    # wants to know *who* clicked turns this on, and every mail's footer then says so.
    mail_track_recipients = models.BooleanField(
        _("catat klik per penerima"),
        default=False,
        help_text=_(
            "Jika aktif, klik setiap wartawan pada tautan di surat distribusi dicatat dan kaki surat "
            "memberitahukannya. Jika tidak, hanya jumlah klik per tautan yang dihitung."
        ),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("profil organisasi")
        verbose_name_plural = _("profil organisasi")
        # The table keeps the name it had before the model moved to the kernel (kernel/migrations/0001).
        db_table = "humas_organisationprofile"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="organisationprofile_singleton")]

    def __str__(self):
        return self.name

    def format_release_number(self, *, seq, year, month=1):
        return self.release_number_pattern.format(seq=seq, year=year, month=month)


class AuditEntry(models.Model):
    """One row per state change or send, written by kernel.audit.audit_record only."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # Kept as text too: the log must still say who it was after a user is deleted.
    actor_repr = models.CharField(_("pelaku (teks)"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("jenis objek"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    object_repr = models.CharField(_("objek"), max_length=300, blank=True)
    from_state = models.CharField(_("dari"), max_length=40, blank=True)
    to_state = models.CharField(_("menjadi"), max_length=40, blank=True)
    data = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entri log audit")
        verbose_name_plural = _("log audit")
        db_table = "humas_auditentry"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        # The audit log is append-only; no change or delete permission is ever granted.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class Notification(models.Model):
    """One mail to one member of staff (a review request, a rejection, a reminder), written
    before it is sent, so a notification that could not be delivered is visible on the status
    page instead of vanishing in a worker log. Bulk mail to journalists goes through the
    distribution ledger instead; these are few and personal."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("jenis"), max_length=80)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    to_address = models.EmailField(_("alamat"))
    subject = models.CharField(_("subjek"), max_length=300)
    body = models.TextField(_("isi"))
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notifikasi staf")
        verbose_name_plural = _("notifikasi staf")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["status", "claimed_at"],
                name="notification_open_idx",
                condition=models.Q(status__in=["queued", "sending"]),
            )
        ]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


class RoleGrant(models.Model):
    """A request to give (or take away) one role. Staf Humas and PPID are applied at once when
    Kepala Humas asks; Kepala Humas and Sekretaris Pers wait for a second Kepala, who is never
    the requester (kernel/workflows.py, kernel/rolegrants.py). A superuser, the system
    administrator outside the role model, applies any role at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Diberlakukan")
        REJECTED = "rejected", _("Ditolak")

    class Action(models.TextChoices):
        GRANT = "grant", _("Berikan peran")
        REVOKE = "revoke", _("Cabut peran")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=80)
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices, default=Action.GRANT)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberian peran")
        verbose_name_plural = _("pemberian peran")
        ordering = ["-created_at", "-pk"]
        permissions = [("approve_rolegrant", _("Dapat menyetujui pemberian peran"))]

    def __str__(self):
        return f"{self.get_action_display()}: {self.role} → {self.user}"


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(OrganisationProfile)
single_line_fields(Notification)


class ExportJob(models.Model):
    """A large export (thousands of contacts, a delivery report, an attendance list) written by a
    worker instead of inside a request: the page shows its progress and a download link when it
    is ready. Only the person who asked may download it; the file (personal data) is deleted
    after EXPORT_KEEP_HOURS. What may be exported, and by whom, is registered by each app
    (kernel.exportjobs.export_register)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Siap diunduh")
        FAILED = "failed", _("Gagal")
        EXPIRED = "expired", _("Kedaluwarsa")

    created_at = models.DateTimeField(_("diminta"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("peminta"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=80)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(_("format"), max_length=4)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    done = models.PositiveIntegerField(_("baris selesai"), default=0)
    stored_path = models.CharField(max_length=255, blank=True, editable=False)
    file_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    failure = models.CharField(_("alasan gagal"), max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("staff:export_detail", args=[self.pk])

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def is_running(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class PendingUpload(models.Model):
    """A file chosen in a form whose save failed (a validation error, a refusal): kept for its
    user and that form's token so it need not be chosen again (kernel.uploads). Rows older than
    a day are removed by beat with their files."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(_("token formulir"), max_length=64, db_index=True)
    field = models.CharField(_("isian"), max_length=120)
    file = models.FileField(_("berkas"), upload_to=MediaName("pending", "file"), max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("unggahan tertunda")
        verbose_name_plural = _("unggahan tertunda")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


single_line_fields(PendingUpload)
