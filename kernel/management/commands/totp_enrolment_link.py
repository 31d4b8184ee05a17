"""The system administrator's way in for the first Kepala Humas (or any user when no Kepala can
sign in): print a one-time authenticator enrolment link. Run on the server, so it acts as the
system, outside the role model."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kernel.enrolment import ENROL_MAX_AGE, totp_enrolment_link_issue
from kernel.refusal import Refusal


class Command(BaseCommand):
    help = "Print a one-time authenticator enrolment link for a user (valid 72 hours, single use)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        try:
            url = totp_enrolment_link_issue(actor="system:manage.py", user=user)
        except Refusal as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(url)
        self.stderr.write(f"Valid for {ENROL_MAX_AGE // 3600} hours; open it signed in as {username}.")
