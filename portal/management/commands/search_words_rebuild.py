from django.core.management.base import BaseCommand

from portal.search import search_words_rebuild


class Command(BaseCommand):
    help = "Rebuild the public search's word list for 'did you mean' (beat does it hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"{search_words_rebuild()} words")
