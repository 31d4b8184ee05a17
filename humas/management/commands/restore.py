from django.core.management.base import BaseCommand, CommandError

from humas.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder into an EMPTY database and unpack its media files."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A backup folder written by `manage.py backup`.")
        parser.add_argument("--database-url", help="Target database (default: DATABASE_URL).")
        parser.add_argument("--media-root", help="Where to unpack media (default: MEDIA_ROOT).")

    def handle(self, *args, source, database_url=None, media_root=None, **options):
        try:
            manifest = backup_restore(source=source, database_url=database_url, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored backup of {manifest['created_at']}"))
