"""DKIM signing (RFC 6376) of every mail the system sends, with dkimpy, configured from the
environment: HUMAS_DKIM_DOMAIN (d=), HUMAS_DKIM_SELECTOR (s=), HUMAS_DKIM_KEY_FILE (the PEM
private key). Without all three nothing is signed (development).

Both mail paths sign here: distribution's send loop (`dkim_sign` on the wire bytes it built) and
every Django EmailMessage the system sends (`SignedEmailMessage`, `SignedEmailMultiAlternatives`:
staff notifications, test sends). `manage.py dkim_record` prints the TXT record to publish.

Speed: dkimpy's own RSA is pure Python (two 1024-bit `pow` per signature, ~13 ms for a 2048-bit
key), which would cap a worker at ~75 mails/s. dkimpy still does all of DKIM here (canonical
forms, body hash, the header list, folding); only the RSA operation on the final digest is handed
to OpenSSL through `cryptography` (~1 ms) when the key is ours. That is done by wrapping two
functions of dkimpy's module namespace, each falling back to dkimpy's own code for any other key,
so verification and every other user of dkimpy are untouched.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives

# Signed header fields: what a forwarder must not change. List-Unsubscribe(-Post) must be signed
# for one-click unsubscribe to be honoured (RFC 8058 section 4). A listed field absent from a mail
# is "signed as absent", so it cannot be added later either.
SIGNED_HEADERS = (
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"reply-to",
    b"mime-version",
    b"content-type",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
)


class _KeyWithOpenSsl(dict):
    """dkimpy's parsed RSA key (a dict of its numbers) that also carries the key loaded into
    OpenSSL."""

    openssl = None


_patched = False


def _install_fast_rsa():
    global _patched
    if _patched:
        return
    import dkim

    pure_sign = dkim.RSASSA_PKCS1_v1_5_sign
    pure_parse = dkim.parse_pem_private_key

    @functools.lru_cache(maxsize=4)
    def parse(pem):
        key = _KeyWithOpenSsl(pure_parse(pem))
        try:
            from cryptography.hazmat.primitives.serialization import load_pem_private_key

            key.openssl = load_pem_private_key(pem, password=None)
        except Exception:  # noqa: BLE001 - no cryptography, or a key OpenSSL reads differently
            key.openssl = None
        return key

    def sign(hash, private_key):
        openssl = getattr(private_key, "openssl", None)
        if openssl is None or hash.name != "sha256":
            return pure_sign(hash, private_key)
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, utils

        # The same PKCS#1 v1.5 signature of the same SHA-256 digest dkimpy would compute.
        return openssl.sign(hash.digest(), padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))

    dkim.parse_pem_private_key = parse
    dkim.RSASSA_PKCS1_v1_5_sign = sign
    _patched = True


class DkimSigner:
    def __init__(self, *, domain, selector, key_pem):
        self.domain = domain.encode("ascii")
        self.selector = selector.encode("ascii")
        self.key_pem = key_pem
        _install_fast_rsa()

    def signature(self, message):
        """The DKIM-Signature header line (bytes, CRLF-terminated) for `message` (wire bytes)."""
        import dkim

        signer = dkim.DKIM(None, linesep=b"\r\n")
        head_end = message.find(b"\r\n\r\n")
        body = message[head_end + 4 :] if head_end >= 0 else b""
        if head_end >= 0 and body.count(b"\n") == body.count(b"\r\n"):
            # dkimpy parses the header block; the body, CRLF already (our wire form), is taken as
            # it is instead of being split into lines and joined again (2-3 ms a mail).
            signer.headers, _none = dkim.rfc822_parse(message[: head_end + 4])
            signer.body = body
        else:
            signer.set_message(message)
        return signer.sign(
            self.selector,
            self.domain,
            self.key_pem,
            include_headers=list(SIGNED_HEADERS),
            # Headers relaxed (relays refold them); the body simple: it is base64 in lines of 76
            # that relays leave alone, and relaxed body canonicalisation costs ~4 ms a mail in
            # dkimpy's regexes. dkimpy's own default, and what most senders use.
            canonicalize=(b"relaxed", b"simple"),
        )

    def sign(self, message):
        return self.signature(message) + message


@functools.lru_cache(maxsize=4)
def _signer_for(domain, selector, key_file):
    return DkimSigner(domain=domain, selector=selector, key_pem=Path(key_file).read_bytes())


def dkim_signer():
    """The configured signer, or None when DKIM is not configured."""
    domain = getattr(settings, "HUMAS_DKIM_DOMAIN", "")
    selector = getattr(settings, "HUMAS_DKIM_SELECTOR", "")
    key_file = getattr(settings, "HUMAS_DKIM_KEY_FILE", "")
    if not (domain and selector and key_file):
        return None
    return _signer_for(domain, selector, str(key_file))


def dkim_sign(message):
    """`message` (wire bytes, CRLF) with its DKIM-Signature prepended; unchanged without DKIM."""
    signer = dkim_signer()
    return signer.sign(message) if signer is not None else message


def dkim_txt_record(key_pem=None):
    """(name, value) of the TXT record that publishes the public key: `<selector>._domainkey.<domain>`
    and `v=DKIM1; k=rsa; p=<base64 DER of the public key>`."""
    import base64

    from cryptography.hazmat.primitives import serialization

    if key_pem is None:
        key_pem = Path(settings.HUMAS_DKIM_KEY_FILE).read_bytes()
    private = serialization.load_pem_private_key(key_pem, password=None)
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    name = f"{settings.HUMAS_DKIM_SELECTOR}._domainkey.{settings.HUMAS_DKIM_DOMAIN}"
    return name, f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode('ascii')}"


class _SignedMime:
    """What Django's backends get from `message()`: the MIME object for reading headers, and for
    `as_bytes` the signed wire form (the SMTP backend sends exactly `as_bytes(linesep="\\r\\n")`)."""

    def __init__(self, mime, signed):
        self._mime = mime
        self._signed = signed

    def as_bytes(self, unixfrom=False, linesep="\n"):
        if linesep == "\r\n":
            return self._signed
        return self._signed.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n"):
        return self.as_bytes(linesep=linesep).decode("utf-8", errors="replace")

    def __getitem__(self, name):
        return self._mime[name]

    def __contains__(self, name):
        return name in self._mime

    def __getattr__(self, name):
        return getattr(self._mime, name)


class _SignedMixin:
    def message(self, *args, **kwargs):
        mime = super().message(*args, **kwargs)
        if dkim_signer() is None:
            return mime
        return _SignedMime(mime, dkim_sign(mime.as_bytes(linesep="\r\n")))


class SignedEmailMessage(_SignedMixin, EmailMessage):
    """An EmailMessage that leaves DKIM-signed (when DKIM is configured)."""


class SignedEmailMultiAlternatives(_SignedMixin, EmailMultiAlternatives):
    """An EmailMultiAlternatives that leaves DKIM-signed (when DKIM is configured)."""
