from celery import shared_task

from . import search


@shared_task(ignore_result=True)
def search_words_rebuild_task():
    """Hourly (beat): "did you mean" learns the words of what was published since."""
    search.search_words_rebuild()
