from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.media import MediaName
from kernel.models import TimeStampedModel
from kernel.search import SEARCH_CONFIG  # noqa: F401 - re-exported: the releases modules import it from here
from kernel.singleline import single_line_fields


class Category(models.Model):
    name = models.CharField(_("nama"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("nama"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Release(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        IN_REVIEW = "in_review", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        SCHEDULED = "scheduled", _("Terjadwal")
        PUBLISHED = "published", _("Terbit")
        WITHDRAWN = "withdrawn", _("Ditarik")
        UNPUBLISHED = "unpublished", _("Dibatalkan terbit")

    # Statuses whose page exists for the public (withdrawn keeps its page, with a notice).
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)

    number = models.CharField(_("nomor"), max_length=80, unique=True, null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(_("tahun nomor"), null=True, blank=True)
    number_seq = models.PositiveIntegerField(_("urutan nomor"), null=True, blank=True)
    title = models.CharField(_("judul"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=270, unique=True)
    summary = models.TextField(_("ringkasan/teras"), blank=True)
    # Always written through kernel.sanitize.sanitize_html by the releases services.
    body = models.TextField(_("isi"), blank=True)
    # Plain text of the body (written by the services with the body): search snippets, feeds.
    body_text = models.TextField(_("isi (teks polos)"), blank=True, editable=False)
    language = models.CharField(_("bahasa"), max_length=5, default="id", choices=settings.LANGUAGES)
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tag"), blank=True, related_name="releases")
    hero_image = models.ImageField(
        _("foto utama"), upload_to=MediaName("releases/hero", "hero_image"), blank=True
    )
    hero_alt = models.CharField(_("teks alternatif foto utama"), max_length=250, blank=True)
    hero_caption = models.CharField(_("keterangan foto utama"), max_length=300, blank=True)
    hero_credit = models.CharField(_("kredit foto utama"), max_length=150, blank=True)
    embargo_until = models.DateTimeField(_("embargo sampai"), null=True, blank=True)
    publish_at = models.DateTimeField(_("terbit pada"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT, related_name="releases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_reason = models.TextField(_("alasan penarikan"), blank=True)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    unpublished_at = models.DateTimeField(_("dibatalkan terbit pada"), null=True, blank=True)
    unpublished_reason = models.TextField(_("alasan pembatalan terbit"), blank=True)
    # The last reviewer's comment on a rejection, shown to the author above the draft.
    review_comment = models.TextField(_("catatan peninjau"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Bumped by "revoke share links": every share-preview link handed out before stops working.
    share_links_revoked = models.PositiveIntegerField(
        _("pencabutan tautan pratinjau"), default=0, editable=False
    )
    # Optimistic locking: bumped by every content save (releases.services); an edit form posts the
    # version it was based on, and a save based on an older one is refused instead of silently
    # overwriting what someone else saved meanwhile.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    # One release, two languages: the English version points at its Indonesian original. Each
    # goes through the workflow on its own; the public pages link each other (hreflang).
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("terjemahan dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )

    class Meta:
        verbose_name = _("siaran pers")
        verbose_name_plural = _("siaran pers")
        ordering = ["-published_at", "-created_at"]
        permissions = [
            ("submit_release", _("Dapat mengajukan siaran pers")),
            ("approve_release", _("Dapat menyetujui atau menolak siaran pers")),
            ("publish_release", _("Dapat menerbitkan atau menjadwalkan siaran pers")),
            ("withdraw_release", _("Dapat menarik siaran pers")),
            ("unpublish_release", _("Dapat membatalkan terbit siaran pers")),
            ("force_publish_release", _("Dapat menerbitkan siaran pers sebelum embargo atau jadwalnya")),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="release_search_gin"),
            # The public list: published rows, newest first (a partial index keeps it small).
            models.Index(
                fields=["-published_at", "-id"],
                name="release_public_list_idx",
                condition=models.Q(status="published"),
                # With embargo_until inside, counting the public list is an index-only scan.
                include=["embargo_until"],
            ),
            models.Index(fields=["status", "publish_at"], name="release_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number_year", "number_seq"], name="release_number_year_seq_unique"
            ),
            # One version per language of an original.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="release_one_translation_per_language",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def link_revision(self):
        """What a share link is bound to (kernel.links `rev=`): the newest content revision and
        the revoke counter. A new revision, or a revoke, kills every older link."""
        number = getattr(self, "share_revision", None)
        if number is None:
            number = self.revisions.aggregate(m=models.Max("number"))["m"]
        return f"{number or 0}.{self.share_links_revoked}"

    def get_absolute_url(self):
        return reverse("releases:detail", kwargs={"slug": self.slug})

    @property
    def is_embargoed(self):
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_public(self):
        """True when anyone may read it: published (or withdrawn, whose page stays with a notice),
        its publication time reached and no embargo running."""
        now = timezone.now()
        return (
            self.status in self.PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= now
            and not self.is_embargoed
        )


class ReleaseQuote(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.CharField(_("narasumber"), max_length=200)
    role = models.CharField(_("jabatan"), max_length=200, blank=True)
    text = models.TextField(_("kutipan"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kutipan")
        verbose_name_plural = _("kutipan")

    def __str__(self):
        return f"{self.speaker}: {self.text[:40]}"


class ReleaseContact(models.Model):
    """A contact person for the press, named on the release and used as the mail's Reply-To."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nama"), max_length=200)
    role = models.CharField(_("jabatan"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("narahubung")
        verbose_name_plural = _("narahubung")

    def __str__(self):
        return self.name


class ReleasePhoto(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to=MediaName("releases/photos", "image"))
    alt = models.CharField(_("teks alternatif"), max_length=250)
    caption = models.CharField(_("keterangan"), max_length=300, blank=True)
    credit = models.CharField(_("kredit"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto")

    def __str__(self):
        return self.caption or self.alt


class ReleaseAttachment(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=MediaName("releases/attachments", "file"))
    title = models.CharField(_("judul"), max_length=200)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.title


class ReleaseRevision(models.Model):
    """A snapshot of the text after each content save; any two can be compared or one restored."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisi ke"))
    title = models.CharField(_("judul"), max_length=250)
    summary = models.TextField(_("ringkasan/teras"), blank=True)
    body = models.TextField(_("isi"), blank=True)
    # Quotes and contacts as plain data: what was said, by whom, at this revision.
    extra = models.JSONField(_("data lain"), default=dict, blank=True)
    # Every field a reviewer compares (category, tags, language, times, photos, attachments,
    # contacts, quotes, hero image), as plain data (releases.revisions.release_snapshot). Revisions
    # made before it existed hold only what was known then; a missing key means "not recorded".
    snapshot = models.JSONField(_("cuplikan isi"), default=dict, blank=True)
    # The release's version this revision saved (Release.version): an edit refused as stale is
    # shown the change since the revision it was based on.
    release_version = models.PositiveIntegerField(_("versi siaran pers"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revisi")
        verbose_name_plural = _("revisi")
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="release_revision_number_unique")
        ]

    def __str__(self):
        return f"{self.release_id} r{self.number}"


class ReleaseCorrection(models.Model):
    """A correction of a published release. Minor ones (a typo, formatting) are applied at once;
    major ones (facts, figures, quotes) wait, with the proposed content kept here, until a second
    person approves them (releases/workflows.py, CORRECTION_WORKFLOW): the live version stays as
    it was until then. The note of an applied correction is shown on the public page."""

    class Kind(models.TextChoices):
        MINOR = "minor", _("Koreksi kecil (salah ketik, format)")
        MAJOR = "major", _("Koreksi besar (fakta, angka, kutipan)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Diterapkan")
        REJECTED = "rejected", _("Ditolak")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(_("catatan koreksi"))
    kind = models.CharField(_("jenis koreksi"), max_length=10, choices=Kind.choices, default=Kind.MINOR)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    # What the correction changes, as plain data (title, summary, body, hero_caption, quotes,
    # contacts, captions {photo id: caption}, remove_attachments [ids]); new attachments wait in
    # ReleaseCorrectionAttachment. Applied as it is on approval.
    proposed = models.JSONField(_("usulan perubahan"), default=dict, blank=True)
    # The revision the proposal was written against: approving it over a newer one would undo
    # whatever was changed in between, so that is refused.
    base_revision = models.PositiveIntegerField(_("berdasarkan revisi"), null=True, blank=True)
    revision = models.ForeignKey(ReleaseRevision, null=True, blank=True, on_delete=models.SET_NULL)
    # The proposer (for a minor correction: whoever made it).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_comment = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("koreksi")
        verbose_name_plural = _("koreksi")
        indexes = [models.Index(fields=["status", "created_at"], name="release_correction_status_idx")]

    def __str__(self):
        return self.note[:60]

    @property
    def applied_at(self):
        """When the correction reached the public page (a minor one: when it was made)."""
        return self.decided_at or self.created_at


class ReleaseCorrectionAttachment(models.Model):
    """An attachment a pending major correction adds: stored under the attachments' folder (so
    kernel.media knows it) but no ReleaseAttachment row exists, so the public never sees it
    until the correction is approved and the row is made from it."""

    correction = models.ForeignKey(
        ReleaseCorrection, on_delete=models.CASCADE, related_name="new_attachments"
    )
    file = models.FileField(_("berkas"), upload_to=MediaName("releases/attachments", "file"))
    title = models.CharField(_("judul"), max_length=200)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran usulan koreksi")
        verbose_name_plural = _("lampiran usulan koreksi")

    def __str__(self):
        return self.title


class EmbargoRoomOpening(models.Model):
    """One look into the embargo room: which journalist (through their own signed link), what
    (the page, a photo, the ZIP, an attachment, the press kit) and when. Before an embargo lifts
    the office must be able to say who had the material."""

    class What(models.TextChoices):
        PAGE = "page", _("Halaman")
        PHOTO = "photo", _("Foto")
        ZIP = "zip", _("ZIP foto")
        ATTACHMENT = "attachment", _("Lampiran")
        KIT = "kit", _("Kit media")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="embargo_openings")
    journalist = models.ForeignKey(
        "contacts.Journalist",
        verbose_name=_("wartawan"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The delivery whose mail carried the link (no foreign key: distribution owns its rows and
    # may purge them; the number still groups openings per distribution for its report).
    delivery_id = models.PositiveBigIntegerField(_("pengiriman"), null=True, blank=True)
    what = models.CharField(_("yang dibuka"), max_length=12, choices=What.choices)
    item = models.CharField(_("berkas"), max_length=250, blank=True)
    opened_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("pembukaan ruang embargo")
        verbose_name_plural = _("pembukaan ruang embargo")
        indexes = [models.Index(fields=["release", "-opened_at"], name="embargo_opening_release_idx")]

    def __str__(self):
        return f"{self.release_id} {self.what} {self.opened_at:%Y-%m-%d %H:%M}"


class EmbargoRoomRevocation(models.Model):
    """A journalist's embargo-room link to one release no longer opens anything (404)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="embargo_revocations")
    journalist = models.ForeignKey(
        "contacts.Journalist", verbose_name=_("wartawan"), on_delete=models.CASCADE, related_name="+"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut pada"), default=timezone.now)

    class Meta:
        verbose_name = _("pencabutan tautan ruang embargo")
        verbose_name_plural = _("pencabutan tautan ruang embargo")
        constraints = [
            models.UniqueConstraint(fields=["release", "journalist"], name="embargo_revocation_unique")
        ]

    def __str__(self):
        return f"{self.release_id} / {self.journalist_id}"


# Titles, names, subjects, venues reach mail headers and subjects: never a line break in them.
single_line_fields(Category)
single_line_fields(Tag)
single_line_fields(Release)
single_line_fields(ReleaseQuote)
single_line_fields(ReleaseContact)
single_line_fields(ReleasePhoto)
single_line_fields(ReleaseAttachment)
single_line_fields(ReleaseRevision)
single_line_fields(EmbargoRoomOpening)
single_line_fields(ReleaseCorrectionAttachment)


from .presskit.models import PressKit  # noqa: E402,F401
