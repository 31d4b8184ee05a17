"""Public information under UU 14/2008 (KIP): documents the PPID uploads, and the spokespersons
shown on the media contact page."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.media import MediaName
from kernel.models import TimeStampedModel
from kernel.search import search_vector_field


class Category(models.TextChoices):
    # The three KIP categories (UU 14/2008 pasal 9, 10, 11).
    BERKALA = "berkala", _("Berkala")
    SERTA_MERTA = "serta_merta", _("Serta-merta")
    SETIAP_SAAT = "setiap_saat", _("Tersedia setiap saat")


def document_upload_to(instance, filename):
    # No longer used (kept for migration 0001): documents get kernel.media.MediaName's random
    # names; kernel.views_media serves a document's file only once it is published.
    return f"private/publicinfo/{instance.date:%Y}/{filename}"


class PublicDocument(TimeStampedModel):
    # A status rather than the boolean it replaces (migration 0002 kept every value): the audit
    # log already spoke of "draft" and "published", the workflow (publicinfo.workflows) takes its
    # state labels from these choices, and a later state (archived, withdrawn) needs no new column.
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, db_index=True)
    date = models.DateField(_("tanggal"), db_index=True)
    description = models.TextField(_("keterangan"), blank=True)
    file = models.FileField(_("berkas"), upload_to=MediaName("publicinfo", "file"), max_length=300)
    file_type = models.CharField(_("jenis berkas"), max_length=10, blank=True)
    file_size = models.PositiveIntegerField(_("ukuran berkas"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The public search (portal.search).
    search_vector = search_vector_field(("title", "A"), ("description", "B"))

    class Meta:
        verbose_name = _("dokumen informasi publik")
        verbose_name_plural = _("dokumen informasi publik")
        ordering = ["-date", "-id"]
        indexes = [GinIndex(fields=["search_vector"], name="document_search_gin")]
        permissions = [("publish_publicdocument", _("Dapat menerbitkan dokumen informasi publik"))]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self):
        return reverse("publicinfo:detail", kwargs={"slug": self.slug})

    def get_download_url(self):
        return reverse("publicinfo:download", kwargs={"slug": self.slug})


class Spokesperson(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200)
    topics = models.CharField(_("bidang"), max_length=250, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("tampil di halaman publik"), default=True)

    class Meta:
        verbose_name = _("juru bicara")
        verbose_name_plural = _("juru bicara")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.position})"
