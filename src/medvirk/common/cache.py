"""The cache's primitives: version tokens, keys and the stampede guard (issues 6 and 12).

What may be cached: data every visitor may see (the public directory, its JSON API, public
arena and meeting pages, accountability figures) or one user's own view with the user in
the key, as rendered HTML fragments or response bodies, never a whole page (pages carry
the CSRF token and per-user navigation).

Apps do not call these directly: they declare namespaces in the cache registry
(``common/cache_registry.py``), which keys entries under these versions and bumps them
when a model the namespace shows changes. A version token that falls out of the cache is
replaced by a new random one, which can only cause misses, never stale hits.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

# How long an entry lives at most, in seconds. Bounds staleness of anything the version
# does not cover (time-dependent flags such as "may be out of date").
TIMEOUT = 300

T = TypeVar("T")


# Version tokens read once per request: a page with five cached parts read the same
# tokens five times, two or three round trips each. Inside :func:`tokens_per_request`
# (the request's middleware) a token once read is kept for the rest of the request; a
# bump in this request replaces it. Another process's bump is seen from the next request
# on, as it would be had it come a moment later. Outside a request (tasks, commands, the
# shell) nothing is kept.
_seen: ContextVar[dict[str, str] | None] = ContextVar("medvirk_cache_versions", default=None)


@contextmanager
def tokens_per_request() -> Iterator[None]:
    token = _seen.set({})
    try:
        yield
    finally:
        _seen.reset(token)


def _remember(values: dict[str, str]) -> None:
    seen = _seen.get()
    if seen is not None:
        seen.update(values)


def _version_key(namespace: str) -> str:
    return f"medvirk:version:{namespace}"


def version(namespace: str) -> str:
    """The namespace's current version token."""
    key = _version_key(namespace)
    seen = _seen.get()
    if seen is not None and key in seen:
        return seen[key]
    value = cache.get(key)
    if value is None:
        fresh = secrets.token_hex(6)
        # add(): of two processes starting a version at once, both end up using the same.
        cache.add(key, fresh, timeout=None)
        value = cache.get(key) or fresh
    _remember({key: str(value)})
    return str(value)


def bump(namespace: str) -> None:
    """Give the namespace a new version: every entry cached under the old one is dead."""
    fresh = secrets.token_hex(6)
    cache.set(_version_key(namespace), fresh, timeout=None)
    _remember({_version_key(namespace): fresh})


def versions_key(namespace: str, pk: int) -> str:
    return f"medvirk:version:{namespace}:{pk}"


def versions(namespace: str, ids: Iterable[int]) -> dict[int, str]:
    """The current version of each of ``ids`` in the namespace (one cache round trip;
    created when missing): for data kept per service, where a change in one service must
    not throw away every other service's entries."""
    keys = {pk: versions_key(namespace, pk) for pk in ids}
    seen = _seen.get() or {}
    found: dict[str, Any] = {key: seen[key] for key in keys.values() if key in seen}
    wanted = [key for key in keys.values() if key not in found]
    if wanted:
        found.update(cache.get_many(wanted))
        missing = {key: secrets.token_hex(8) for key in wanted if found.get(key) is None}
        if missing:
            # Safe even if another process set or bumped one meanwhile: a version is random
            # and never reused, so writing a fresh one can only make entries miss, never
            # bring back stale ones.
            cache.set_many(missing, timeout=None)
            found.update(missing)
        _remember({key: str(found[key]) for key in wanted})
    return {pk: str(found[key]) for pk, key in keys.items()}


def bump_versions(namespace: str, ids: Iterable[int]) -> None:
    """Give each of ``ids`` in the namespace a new version."""
    fresh = {versions_key(namespace, pk): secrets.token_hex(8) for pk in ids}
    cache.set_many(fresh, timeout=None)
    _remember(fresh)


def make_key(name: str, *parts: Any, language: bool = True) -> str:
    """A cache key for ``name`` from ``parts`` (hashed), the release (settings'
    MEDVIRK_CACHE_RELEASE: entries hold rendered HTML, which a new release may render
    differently) and, by default, the active language."""
    if language:
        parts = (translation.get_language() or "", *parts)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"medvirk:{name}:{settings.MEDVIRK_CACHE_RELEASE}:{digest}"


# The stampede guard: on a miss, one process computes while the others wait for its
# result for up to WAIT seconds (checking every POLL seconds) before computing it
# themselves. LOCK_TIMEOUT frees the lock of a process that died while computing.
LOCK_TIMEOUT = 30
WAIT = 5.0
POLL = 0.02


def get_or_set(
    key: str,
    compute: Callable[[], T],
    timeout: int = TIMEOUT,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """The cached value for ``key``, computing and storing it on a miss.

    Only one caller computes a missing value at a time (per shared cache): when a popular
    entry expires, or a bump makes every entry of a page miss at once, sixteen concurrent
    requests must not all count the same figures. The others wait for the first one's
    result; if it takes longer than :data:`WAIT` (or the computing process died), they
    compute it themselves rather than fail. A computed value for which ``keep`` says
    False (an error answer) is returned but not stored."""
    value = cache.get(key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=LOCK_TIMEOUT):
        try:
            value = compute()
            if keep is None or keep(value):
                cache.set(key, value, timeout)
        finally:
            cache.delete(lock)
        return value
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(POLL)
        # The lock first: once it is gone the value, if any, is already stored.
        released = cache.get(lock) is None
        value = cache.get(key)
        if value is not None:
            return value  # type: ignore[no-any-return]
        if released:
            break  # the other caller gave up (an error) without storing anything
    value = compute()
    if keep is None or keep(value):
        cache.set(key, value, timeout)
    return value
