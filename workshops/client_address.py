"""Whose request is this: the client's IP address, decided in one place.

The guest join limit, the login lockout (django-axes: ``AXES_CLIENT_IP_CALLABLE``) and the API throttle all
ask ``client_address``, so they agree on who someone is.

By default that is the connection's own address (``REMOTE_ADDR``); ``X-Forwarded-For`` is ignored, because
anyone can send it. Behind a proxy (the TLS proxy in production, a load balancer) every connection comes from
the proxy, so every visitor would share one address: list the proxies in ``TRUSTED_PROXIES`` (addresses or
networks). Then, for a connection from a trusted proxy, the header is read from the right — the hop that
proxy saw — past every further trusted proxy, and the first address not trusted is the client's. What
lies to the left of it was written by the client and is never believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def client_address(request):
    """The client's address as text (IPv4-mapped IPv6 addresses as IPv4); ``REMOTE_ADDR`` as it is when
    that is not an address at all."""
    remote = request.META.get("REMOTE_ADDR", "")
    address = _address(remote)
    if address is None:
        return remote
    proxies = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        while hops and _trusted(address, proxies):
            earlier = _address(hops.pop())
            if earlier is None:  # a hop that is no address: the last trusted proxy is all we know
                break
            address = earlier
    return str(address)


@lru_cache(maxsize=8)
def trusted_networks(entries):
    """``TRUSTED_PROXIES`` as networks. Raises ValueError on an entry that is no address or network
    (config/settings.py checks them when it loads)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address, proxies):
    return any(address.version == network.version and address in network for network in proxies)


def _address(text):
    """An address from a header's hop, which may carry a port ("203.0.113.7:5123", "[2001:db8::1]:443")."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address
