from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from kernel.twofactor import totp_device_confirmed, totp_enrol_start


class Command(BaseCommand):
    help = "DEVELOPMENT ONLY (DEBUG=1): print a demo user's current TOTP code, so a demo can sign in without a phone."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code works only with DEBUG=1.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        device = totp_device_confirmed(user) or totp_enrol_start(user=user)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
