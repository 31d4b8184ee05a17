from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from kernel.models import TimeStampedModel
from kernel.singleline import single_line_fields


class OutletType(models.TextChoices):
    PRINT = "print", _("Cetak")
    ONLINE = "online", _("Daring")
    TV = "tv", _("Televisi")
    RADIO = "radio", _("Radio")
    AGENCY = "agency", _("Kantor berita")


class LawfulBasis(models.TextChoices):
    # UU PDP 27/2022 Pasal 20: the bases on which personal data may be processed.
    CONSENT = "consent", _("Persetujuan (consent)")
    CONTRACT = "contract", _("Perjanjian")
    LEGAL_OBLIGATION = "legal_obligation", _("Kewajiban hukum")
    PUBLIC_TASK = "public_task", _("Tugas pelayanan publik")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Kepentingan yang sah")


class OptOutBy(models.TextChoices):
    JOURNALIST = "journalist", _("Wartawan sendiri")
    STAFF = "staff", _("Staf Humas")


class Region(models.Model):
    """Indonesia's provinces and regencies/cities, shipped (contacts/data/wilayah): journalists
    and segments use these names, so "Jabar", "Bandung" and "kota bandung" are one region."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/kota")

    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="regencies",
        verbose_name=_("provinsi"),
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Beat(models.Model):
    """A desk (liputan) from the office's own list, kept by staff."""

    name = models.CharField(_("nama desk"), max_length=100)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("desk/liputan")
        verbose_name_plural = _("desk/liputan")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="beat_name_ci_unique")]

    def __str__(self):
        return self.name


class MediaOutlet(TimeStampedModel):
    name = models.CharField(_("nama media"), max_length=200)
    outlet_type = models.CharField(_("jenis media"), max_length=20, choices=OutletType.choices)
    region = models.CharField(_("wilayah"), max_length=100, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    email = models.EmailField(_("e-mail redaksi"), blank=True)
    phone = PhoneNumberField(_("telepon"), blank=True)

    class Meta:
        verbose_name = _("media")
        verbose_name_plural = _("media")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="mediaoutlet_name_ci_unique")]
        indexes = [GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="mediaoutlet_name_trgm")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff_contacts:outlet_detail", args=[self.pk])


class Journalist(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    # Stored in E.164; numbers without a country code are read as Indonesian (+62).
    phone = PhoneNumberField(_("telepon"), blank=True, region="ID")
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("media"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journalists",
    )
    beat = models.CharField(_("desk/liputan"), max_length=100, blank=True)
    region = models.CharField(_("wilayah"), max_length=100, blank=True)
    language = models.CharField(_("bahasa"), max_length=5, default="id", choices=settings.LANGUAGES)
    notes = models.TextField(_("catatan"), blank=True)
    # Personal data (UU PDP): why we may hold this, and where and when consent came from.
    lawful_basis = models.CharField(
        _("dasar pemrosesan"),
        max_length=30,
        choices=LawfulBasis.choices,
        default=LawfulBasis.LEGITIMATE_INTEREST,
    )
    consent_source = models.CharField(_("sumber persetujuan"), max_length=200, blank=True)
    consent_date = models.DateField(_("tanggal persetujuan"), null=True, blank=True)
    # The do-not-contact flag: no send may cross it.
    do_not_contact = models.BooleanField(_("jangan dihubungi"), default=False, db_index=True)
    opted_out_at = models.DateTimeField(_("berhenti berlangganan pada"), null=True, blank=True)
    # Who raised the flag decides who may lower it: the journalist's own unsubscribe is undone
    # only by the journalist (a re-subscribe confirmation by mail); a flag staff set carries a
    # reason and may be lifted by staff.
    opt_out_by = models.CharField(
        _("tanda dipasang oleh"), max_length=12, choices=OptOutBy.choices, blank=True
    )
    do_not_contact_reason = models.TextField(_("alasan jangan dihubungi"), blank=True)
    do_not_contact_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("dihapus (PDP) pada"), null=True, blank=True)
    # Values an import could not accept as they were (a phone number with an unallocated prefix,
    # an unknown outlet type): kept raw, {field: value}, for someone to check and fix.
    flagged_values = models.JSONField(_("nilai perlu dicek"), default=dict, blank=True)
    # A duplicate merged into another record keeps its row (and with it the history of what was
    # sent to it, its invitations, its inquiries) but is never contacted or listed again.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    merged_at = models.DateTimeField(_("digabung pada"), null=True, blank=True)

    FLAGGED_LABELS = {
        "phone": _("telepon"),
        "outlet_type": _("jenis media"),
        "language": _("bahasa"),
        "consent_date": _("tanggal persetujuan"),
        "region": _("wilayah"),
        "beat": _("desk/liputan"),
    }

    @property
    def picker_label(self):
        outlet = self.outlet if self.outlet_id else None
        return f"{self.name} ({outlet.name})" if outlet else self.name

    @property
    def flagged_items(self):
        return [(self.FLAGGED_LABELS.get(k, k), v) for k, v in (self.flagged_values or {}).items()]

    class Meta:
        verbose_name = _("wartawan")
        verbose_name_plural = _("wartawan")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="journalist_email_ci_unique")]
        indexes = [
            models.Index(fields=["name", "id"], name="journalist_name_idx"),
            # Trigram indexes on UPPER(...) match what icontains sends, so the staff search stays
            # fast with tens of thousands of contacts.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="journalist_name_trgm"),
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="journalist_email_trgm"),
        ]
        permissions = [
            ("import_journalist", _("Dapat mengimpor kontak")),
            ("export_journalist", _("Dapat mengekspor kontak")),
            ("erase_journalist", _("Dapat menghapus data pribadi (PDP)")),
            ("export_personal_data", _("Dapat mengekspor data pribadi subjek (PDP)")),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def get_absolute_url(self):
        return reverse("staff_contacts:journalist_detail", args=[self.pk])

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def is_contactable(self):
        return not self.do_not_contact and self.erased_at is None


class JournalistContactPoint(models.Model):
    """A further e-mail address, phone number or social handle of a journalist (the primary
    e-mail and phone stay on the Journalist row: mail goes to the primary address)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Telepon")
        SOCIAL = "social", _("Media sosial")

    journalist = models.ForeignKey(Journalist, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("alamat/nomor/akun"), max_length=254)
    label = models.CharField(
        _("keterangan"),
        max_length=60,
        blank=True,
        help_text=_("Misalnya: kantor, pribadi, X, Instagram, TikTok."),
    )
    created_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("kontak tambahan")
        verbose_name_plural = _("kontak tambahan")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint("journalist", "kind", Lower("value"), name="contact_point_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class ContactList(TimeStampedModel):
    name = models.CharField(_("nama daftar"), max_length=200, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    members = models.ManyToManyField(
        Journalist, verbose_name=_("anggota"), through="ContactListMembership", related_name="contact_lists"
    )

    class Meta:
        verbose_name = _("daftar kontak")
        verbose_name_plural = _("daftar kontak")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff_contacts:list_detail", args=[self.pk])


class ContactListMembership(models.Model):
    contact_list = models.ForeignKey(ContactList, on_delete=models.CASCADE, related_name="memberships")
    journalist = models.ForeignKey(Journalist, on_delete=models.CASCADE, related_name="memberships")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact_list", "journalist"], name="contactlist_member_unique")
        ]

    def __str__(self):
        return f"{self.contact_list_id}:{self.journalist_id}"


class Segment(TimeStampedModel):
    """A saved filter: journalists whose beat, region, outlet type and language match. An empty
    criterion matches everyone."""

    name = models.CharField(_("nama segmen"), max_length=200, unique=True)
    beats = models.JSONField(_("desk/liputan"), default=list, blank=True)
    regions = models.JSONField(_("wilayah"), default=list, blank=True)
    outlet_types = models.JSONField(_("jenis media"), default=list, blank=True)
    languages = models.JSONField(_("bahasa"), default=list, blank=True)

    class Meta:
        verbose_name = _("segmen")
        verbose_name_plural = _("segmen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff_contacts:segment_detail", args=[self.pk])


class ContactImport(TimeStampedModel):
    """One uploaded file and its way through dry run and commit. The file itself lives under
    MEDIA_ROOT/imports/ with a random name (never linked from any page) so a worker can read it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu pemeriksaan")
        VALIDATING = "validating", _("Sedang diperiksa")
        VALIDATED = "validated", _("Siap diimpor")
        INVALID = "invalid", _("Ada kesalahan")
        IMPORTING = "importing", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class OnDuplicate(models.TextChoices):
        UPDATE = "update", _("Perbarui kontak yang sudah ada")
        SKIP = "skip", _("Lewati kontak yang sudah ada")

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    file_name = models.CharField(_("berkas"), max_length=255)
    stored_path = models.CharField(max_length=255, editable=False, blank=True)
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    on_duplicate = models.CharField(
        _("jika sudah ada"), max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.SKIP
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error_count = models.PositiveIntegerField(_("kesalahan"), default=0)
    created_count = models.PositiveIntegerField(_("baru"), default=0)
    updated_count = models.PositiveIntegerField(_("diperbarui"), default=0)
    skipped_count = models.PositiveIntegerField(_("dilewati"), default=0)
    # [{"row": 3, "field": "email", "level": "error"|"warning", "message": "..."}], capped.
    report = models.JSONField(_("laporan"), default=list, blank=True)
    columns = models.JSONField(_("kolom dikenali"), default=dict, blank=True)
    failure = models.TextField(_("alasan gagal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fresh consent evidence for the whole file: without it, rows whose address is on the
    # suppression list (erased or unsubscribed before) are skipped.
    consent_evidence_source = models.CharField(_("sumber persetujuan baru"), max_length=200, blank=True)
    consent_evidence_date = models.DateField(_("tanggal persetujuan baru"), null=True, blank=True)
    consent_evidence_document = models.CharField(
        _("dokumen/keterangan persetujuan"), max_length=300, blank=True
    )
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class OnInvalidOptional(models.TextChoices):
        KEEP = "keep", _("Impor barisnya, simpan nilai apa adanya dan tandai perlu dicek")
        DROP = "drop", _("Impor barisnya tanpa nilai itu")

    on_invalid_optional = models.CharField(
        _("nilai opsional yang tidak valid"),
        max_length=4,
        choices=OnInvalidOptional.choices,
        default=OnInvalidOptional.KEEP,
    )
    warning_count = models.PositiveIntegerField(_("peringatan"), default=0)
    # The file's header row and the user's column choices ({str(index): field or ""}).
    header = models.JSONField(_("judul kolom"), default=list, blank=True)
    column_mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    unknown_columns = models.JSONField(_("kolom tidak dikenal"), default=list, blank=True)
    # Every contact of the file (new, updated or already there) joins this list at commit.
    contact_list = models.ForeignKey(
        "ContactList",
        verbose_name=_("masukkan ke daftar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_to_list_count = models.PositiveIntegerField(_("ditambahkan ke daftar"), default=0)

    class Meta:
        verbose_name = _("impor kontak")
        verbose_name_plural = _("impor kontak")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("staff_contacts:import_detail", args=[self.pk])

    @property
    def is_running(self):
        return self.status in {self.Status.PENDING, self.Status.VALIDATING, self.Status.IMPORTING}

    @property
    def can_commit(self):
        return self.status == self.Status.VALIDATED and self.error_count == 0

    @property
    def can_map_columns(self):
        return self.status in {self.Status.VALIDATED, self.Status.INVALID} and bool(self.header)


class SuppressedAddress(models.Model):
    """An address that was erased or unsubscribed, remembered only as a keyed hash (HMAC-SHA256
    with a key derived from SECRET_KEY): the office can recognise the address when it comes back
    in an import or a manual add, without keeping the address itself."""

    class Reason(models.TextChoices):
        ERASED = "erased", _("Data dihapus (UU PDP)")
        UNSUBSCRIBED = "unsubscribed", _("Berhenti berlangganan")

    digest = models.CharField(max_length=64, unique=True, editable=False)
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("sejak"), default=timezone.now)
    # Fresh consent recorded for the address: it no longer blocks, and the row says when.
    overridden_at = models.DateTimeField(_("dicabut dengan persetujuan baru pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("alamat yang diblokir")
        verbose_name_plural = _("alamat yang diblokir")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.digest[:12]}… ({self.get_reason_display()})"

    @property
    def is_active(self):
        return self.overridden_at is None


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(MediaOutlet)
single_line_fields(Journalist)
single_line_fields(JournalistContactPoint)
single_line_fields(ContactList)
single_line_fields(Segment)
