from django.core.management.base import BaseCommand, CommandError

from humas.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and media files into HUMAS_BACKUP_DIR/humas-<time>/."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Backup root folder (default: HUMAS_BACKUP_DIR).")

    def handle(self, *args, dir=None, **options):
        try:
            path = backup_create(directory=dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
