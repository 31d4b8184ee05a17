import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from humas.mailsink import mailsink_controller


class Command(BaseCommand):
    help = "Runs the development SMTP sink: every message lands in var/mail/ as an .eml file."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.MAILSINK_PORT)
        parser.add_argument("--dir", default=str(settings.MAIL_DIR))

    def handle(self, *args, host, port, dir, **options):
        controller = mailsink_controller(dir, host=host, port=port)
        controller.start()
        self.stdout.write(f"Mail sink listening on {host}:{port}, writing to {dir}")
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        controller.stop()
