from celery import shared_task
from django.core.cache import cache

from . import search

STAMP_KEY = "portal:search-words:stamp"


@shared_task(ignore_result=True)
def search_words_rebuild_task():
    """Hourly (beat): "did you mean" learns the words of what was published since. Skipped while
    nothing public changed (the rebuild reads every public item's text; the stamp is four counts)."""
    stamp = search.public_content_stamp()
    if cache.get(STAMP_KEY) == stamp:
        return
    search.search_words_rebuild()
    cache.set(STAMP_KEY, stamp, None)
