from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def presskit_upload_to(instance, filename):
    # The service passes an unguessable name; the folder keeps kits of one release together.
    return f"presskits/{instance.release_id}/{filename}"


class PressKit(models.Model):
    """One rendered (or to-be-rendered) PDF for one set of inputs of a release.

    The row is keyed by the sha256 of the kit's canonical inputs, so an unchanged release never
    renders twice and a changed one gets a new row; old rows stay as the history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        READY = "ready", _("Siap")
        FAILED = "failed", _("Gagal")

    release = models.ForeignKey(
        "releases.Release", verbose_name=_("siaran pers"), on_delete=models.CASCADE, related_name="presskits"
    )
    input_hash = models.CharField(_("hash masukan"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField(_("alasan gagal"), blank=True)
    # Stored under MEDIA_ROOT/presskits/ with a random name; downloads go through views that
    # check access, never through a guessable path.
    file = models.FileField(_("berkas PDF"), upload_to=presskit_upload_to, blank=True)
    embargoed = models.BooleanField(_("bertanda embargo"), default=False)
    # Rendered for a withdrawn release, with the "DITARIK" mark: only such a kit of a withdrawn
    # release is public (releases/media.py), never one made before the withdrawal.
    withdrawn = models.BooleanField(_("bertanda ditarik"), default=False)
    requested_at = models.DateTimeField(_("diminta"), default=timezone.now)
    rendered_at = models.DateTimeField(_("dirender"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"), null=True, blank=True)
    page_count = models.PositiveSmallIntegerField(_("jumlah halaman"), null=True, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        app_label = "releases"
        verbose_name = _("press kit")
        verbose_name_plural = _("press kit")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["release", "input_hash"], name="presskit_release_hash_unique")
        ]

    def __str__(self):
        return f"{self.release_id}:{self.input_hash[:12]} ({self.status})"
