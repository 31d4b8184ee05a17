"""The suppression list: addresses erased or unsubscribed, kept as keyed hashes only.

The key is derived from SECRET_KEY (salted_hmac), so the digests can not be matched against a
list of addresses by anyone without the key, and the office keeps no address it was asked to
forget. Rotating SECRET_KEY forgets the list (salted_hmac uses the current key only), so a
rotation must be followed by asking people again, or the key kept."""

from django.utils.crypto import salted_hmac

KEY_SALT = "humas.contacts.suppression.v1"


def address_normalise(email):
    return (email or "").strip().lower()


def address_digest(email):
    return salted_hmac(KEY_SALT, address_normalise(email), algorithm="sha256").hexdigest()


def suppressed_entries(emails):
    """{normalised address: SuppressedAddress} of the given addresses that are still blocked."""
    from .models import SuppressedAddress

    by_digest = {address_digest(e): address_normalise(e) for e in emails if e}
    found = {}
    digests = list(by_digest)
    for start in range(0, len(digests), 5000):
        for entry in SuppressedAddress.objects.filter(
            digest__in=digests[start : start + 5000], overridden_at__isnull=True
        ):
            found[by_digest[entry.digest]] = entry
    return found


def suppressed_entry(email):
    return suppressed_entries([email]).get(address_normalise(email))


def evidence_fresh(evidence, entry):
    """Consent evidence counts only when it is complete and dated on or after the day the
    address was suppressed (an old form signed before the opt-out is not fresh consent)."""
    if not evidence or not entry:
        return False
    source = (evidence.get("source") or "").strip()
    date = evidence.get("date")
    document = (evidence.get("document") or "").strip()
    if not (source and date and document):
        return False
    from django.utils import timezone

    return date >= timezone.localtime(entry.created_at).date()
