"""The client's real address behind the reverse proxy, for the login lockout (django-axes) and
anything else that keys on "who is this".

Behind nginx every request comes from 127.0.0.1; the client is in X-Forwarded-For. That header is
only believed when the request came from a trusted proxy (settings.HUMAS_TRUSTED_PROXIES: addresses
or networks, loopback by default), and then read from the right: each trusted hop appends the
address it saw, so the right-most address that is not a trusted proxy is the client. Anything to
its left was written by the client itself and is ignored, as is the whole header when a client
talks to Django directly.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks if network.version == address.version)


def client_ip(request):
    networks = _networks(tuple(getattr(settings, "HUMAS_TRUSTED_PROXIES", ("127.0.0.1", "::1"))))
    remote = request.META.get("REMOTE_ADDR", "")
    peer = _address(remote)
    if peer is None or not _trusted(peer, networks):
        return remote or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            # Garbage in the header: the last address we could trust is as far as we can see.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_ip_allowed(request, allowed):
    """Whether the real client (client_ip: through trusted proxies only) is one of `allowed`
    (addresses or networks), e.g. the host and the load balancer for /healthz."""
    client = _address(client_ip(request) or "")
    if client is None:
        return False
    if getattr(client, "ipv4_mapped", None):
        client = client.ipv4_mapped
    return _trusted(client, _networks(tuple(allowed)))


def axes_username(request, credentials=None):
    """The username django-axes records for a failed sign-in: what was typed, cut to the longest
    username there can be (150), so an overlong one is a failed sign-in, not a 500 from its
    255-character column."""
    value = (credentials or {}).get("username")
    if value is None:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "")[:150]
