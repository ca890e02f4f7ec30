"""THE rate limit of the public forms (accessibility feedback, answers to experience
calls): a count per purpose and client in the cache, never in the database.

The client is a keyed hash of its address (:func:`client_key`), read as allauth's login
rate limit reads it, so behind a proxy (``MEDVIRK_BEHIND_PROXY``) it is the client's,
not the proxy's. Nothing here stores an address: the hash lives in the cache only, for
the window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """A hash of the client's address (with the secret key, so it cannot be reversed by
    trying every address)."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` attempts per client and ``window`` seconds for ``purpose``."""

    purpose: str
    limit: int
    window: int = 60 * 60

    def hit(self, key: str) -> bool:
        """Count one attempt for ``key``; True when it is over the limit."""
        cache_key = f"medvirk:ratelimit:{self.purpose}:{key}"
        cache.add(cache_key, 0, self.window)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, self.window)
            count = 1
        return count > self.limit

    def hit_by(self, request: HttpRequest) -> bool:
        """:meth:`hit` for the request's client."""
        return self.hit(client_key(request))
