"""Is this request from one of a few known machines (the host, the load balancer)?

The peer is REMOTE_ADDR. Behind the shipped nginx (on loopback) that is 127.0.0.1 for every
visitor, so when the request carries X-Forwarded-For the address nginx appended (the right-most
entry, `$proxy_add_x_forwarded_for`) must be allowed too: a visitor can put anything on the
left of that header, never on its right."""

import ipaddress


def _networks(allowed):
    nets = []
    for item in allowed:
        try:
            nets.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return nets


def _in(address, nets):
    try:
        ip = ipaddress.ip_address((address or "").strip().strip("[]"))
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in nets)


def client_address_allowed(request, allowed):
    nets = _networks(allowed)
    if not _in(request.META.get("REMOTE_ADDR"), nets):
        return False
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded.strip():
        return _in(forwarded.split(",")[-1], nets)
    return True
