from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchWord(models.Model):
    """The words of everything the public search indexes, unstemmed and lower-cased, with how
    many items hold each: the dictionary "did you mean" compares a typo against (pg_trgm
    similarity through the trigram index). Rebuilt whole by `portal.search.search_words_rebuild`
    (beat, hourly): a public GET never writes, and a word missing for an hour only means no
    suggestion for it."""

    word = models.CharField(_("kata"), max_length=40, unique=True)
    ndoc = models.PositiveIntegerField(_("jumlah dokumen"), default=0)

    class Meta:
        verbose_name = _("kata pencarian")
        verbose_name_plural = _("kata pencarian")
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchword_trgm_gin")]

    def __str__(self):
        return self.word
