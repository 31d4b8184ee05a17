from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from humas.models import TimeStampedModel


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

    def __str__(self):
        return self.name


class Journalist(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = PhoneNumberField(_("telepon"), blank=True)
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
    erased_at = models.DateTimeField(_("dihapus (PDP) pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("wartawan")
        verbose_name_plural = _("wartawan")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="journalist_email_ci_unique")]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def is_contactable(self):
        return not self.do_not_contact and self.erased_at is None


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
