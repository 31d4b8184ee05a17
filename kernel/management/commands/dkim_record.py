"""Print the DNS TXT record that publishes the DKIM public key (and, with --new-key PATH, write a
new 2048-bit private key there first). The SPF and DMARC records to publish beside it are in
README.md, section Deploying."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the DKIM TXT record for HUMAS_DKIM_SELECTOR/HUMAS_DKIM_DOMAIN from HUMAS_DKIM_KEY_FILE."

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key", metavar="PATH", help="write a new RSA 2048 private key to PATH first"
        )

    def handle(self, *args, new_key=None, **options):
        from kernel.dkim import dkim_txt_record

        if new_key:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import rsa

            path = Path(new_key)
            if path.exists():
                raise CommandError(f"{path} exists; not overwritten")
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            # Owner-only from the first byte: it is the office's signing key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
            self.stderr.write(f"wrote {path}; set HUMAS_DKIM_KEY_FILE={path}")
            key_pem = pem
        else:
            if not settings.HUMAS_DKIM_KEY_FILE:
                raise CommandError("HUMAS_DKIM_KEY_FILE is not set (or pass --new-key PATH)")
            key_pem = Path(settings.HUMAS_DKIM_KEY_FILE).read_bytes()
        if not (settings.HUMAS_DKIM_DOMAIN and settings.HUMAS_DKIM_SELECTOR):
            raise CommandError("set HUMAS_DKIM_DOMAIN and HUMAS_DKIM_SELECTOR")
        name, value = dkim_txt_record(key_pem)
        # Zone-file form; DNS consoles take the quoted value (split in 255-byte strings).
        chunks = " ".join(f'"{value[i : i + 255]}"' for i in range(0, len(value), 255))
        self.stdout.write(f"{name}. IN TXT ( {chunks} )")
