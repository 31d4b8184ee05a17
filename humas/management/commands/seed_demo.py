from django.core.management.base import BaseCommand

from humas.demo import DEMO_USERS, demo_seed, demo_seeded
from kernel.services import cache_clear_own_keys


class Command(BaseCommand):
    help = "Loads Indonesian demo data (organisation, one user per role, content) on first run."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even if demo users exist.")

    def handle(self, *args, force=False, **options):
        if demo_seeded() and not force:
            self.stdout.write("Demo data already present; skipping.")
            return
        demo_seed(stdout=self.stdout)
        cache_clear_own_keys()  # not cache.clear(): that would also empty the task queues
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins:"))
        for username, label, _name, _role, password in DEMO_USERS:
            self.stdout.write(f"  {label:22} {username} / {password}")
