"""Make the missing renditions of every uploaded image (after a deploy that adds this feature,
or a restore of media without them). Pages make a missing one themselves, but a list of twenty
releases would make forty on its first view."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kernel.renditions import rendition_original_name, renditions_make

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# Files kept across a failed save are not worth a worker's time (kernel.uploads).
SKIP_FOLDERS = ("pending/",)


class Command(BaseCommand):
    help = "Membuat rendisi (320/600/1200 px, WebP dan JPEG) yang belum ada untuk setiap gambar unggahan."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="", help="Hanya berkas di bawah folder ini, mis. releases/")

    def handle(self, *args, prefix="", **options):
        root = Path(settings.MEDIA_ROOT)
        done = failed = 0
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if (
                not path.is_file()
                or path.suffix.lower() not in IMAGE_SUFFIXES
                or rendition_original_name(name)
                or name.startswith(SKIP_FOLDERS)
                or not name.startswith(prefix)
            ):
                continue
            try:
                renditions_make(name)
                done += 1
            except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the rest
                failed += 1
                self.stderr.write(f"{name}: {exc}")
        self.stdout.write(f"{done} gambar diproses, {failed} gagal")
