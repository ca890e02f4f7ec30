"""medvirk.common.cache: versions that change on commit, on the default locmem cache and on
Redis (production, ``MEDVIRK_CACHE_URL=redis://…``)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from medvirk.common import cache
from medvirk.directory.caching import DIRECTORY
from medvirk.directory.domain.organisations import update_organisation
from tests.conftest import Tenant

REDIS = ("127.0.0.1", 6379)


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test runs on both backends; Redis with a prefix of its own, emptied after."""
    if request.param == "locmem":
        django_cache.clear()
        yield "locmem"
        django_cache.clear()
        return
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"medvirk-test-{uuid.uuid4().hex}"
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/0",
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=settings):
        assert isinstance(caches["default"], RedisCache)
        yield "redis"
        client = caches["default"]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        _close_pools()


def _close_pools() -> None:
    """Close this thread's Redis sockets: left open, they warn (an error here) when
    collected."""
    for pool in getattr(caches["default"]._cache, "_pools", {}).values():
        pool.disconnect()


def test_version_is_stable_until_bumped(backend: str) -> None:
    first = DIRECTORY.version()
    assert DIRECTORY.version() == first
    DIRECTORY.bump()
    assert DIRECTORY.version() not in ("", first)


def test_a_lost_version_becomes_a_new_one_never_an_old_one(backend: str) -> None:
    first = DIRECTORY.version()
    django_cache.delete("medvirk:version:directory")
    assert DIRECTORY.version() != first


@pytest.mark.django_db(transaction=True)
def test_bump_on_commit_waits_for_the_commit_and_forgets_a_rollback(backend: str) -> None:
    before = DIRECTORY.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        DIRECTORY.bump_on_commit()
        raise RuntimeError
    assert DIRECTORY.version() == before
    with transaction.atomic():
        DIRECTORY.bump_on_commit()
        assert DIRECTORY.version() == before  # not yet: not committed
    assert DIRECTORY.version() != before


def test_get_or_set_computes_once_and_keeps_safe_strings(backend: str) -> None:
    from django.utils.safestring import SafeString, mark_safe

    calls: list[int] = []

    def compute() -> dict[str, Any]:
        calls.append(1)
        return {"html": mark_safe("<p>Hei</p>")}

    key = cache.make_key("test-fragment", 1)
    assert cache.get_or_set(key, compute) == {"html": "<p>Hei</p>"}
    value = cache.get_or_set(key, compute)
    assert calls == [1]
    assert isinstance(value["html"], SafeString)


def test_keys_differ_by_language_and_parts(backend: str) -> None:
    with translation.override("nb"):
        norwegian = cache.make_key("x", 1)
    with translation.override("en"):
        english = cache.make_key("x", 1)
    assert norwegian != english
    assert cache.make_key("x", 1) != cache.make_key("x", 2)
    assert cache.make_key("x", 1, language=False) == cache.make_key("x", 1, language=False)


@pytest.mark.django_db
def test_directory_page_follows_a_change_on_this_backend(
    backend: str, org_a: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = Client()
    url = f"/katalog/{org_a.organisation.pk}/"
    assert "Organisasjon A" in client.get(url).content.decode()
    assert "Organisasjon A" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(org_a.organisation, by=org_a.admin, data={"name": "Endret A"})
    html = client.get(url).content.decode()
    assert "Endret A" in html and "Organisasjon A" not in html


def test_a_miss_is_computed_once_while_concurrent_callers_wait(backend: str) -> None:
    """The stampede guard: eight threads miss the same key at once; one computes, the
    others get its result."""
    import threading
    import time

    calls: list[int] = []
    start = threading.Barrier(8)
    results: list[str] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.3)
        return "figures"

    def worker() -> None:
        start.wait()
        try:
            results.append(cache.get_or_set("medvirk:test:stampede", slow))
        finally:
            _close_pools()  # each thread has a cache (and on Redis a pool) of its own

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["figures"] * 8
    assert len(calls) == 1


def test_waiters_compute_themselves_when_the_first_caller_fails(backend: str) -> None:
    """A caller whose computation raises frees the lock; the next one computes."""

    def broken() -> str:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get_or_set("medvirk:test:failing", broken)
    assert django_cache.get("medvirk:test:failing:computing") is None
    assert cache.get_or_set("medvirk:test:failing", lambda: "second") == "second"


def test_a_stuck_lock_delays_a_caller_at_most_the_wait(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock left by a process that died holds a caller back for WAIT, never longer."""
    import time

    monkeypatch.setattr(cache, "WAIT", 0.2)
    django_cache.add("medvirk:test:stuck:computing", 1, timeout=30)
    began = time.monotonic()
    assert cache.get_or_set("medvirk:test:stuck", lambda: "value") == "value"
    assert 0.2 <= time.monotonic() - began < 2
    assert django_cache.get("medvirk:test:stuck") == "value"


def test_version_tokens_are_read_once_per_request_and_a_bump_replaces_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside a request (the middleware's ``tokens_per_request``) a token is read from the
    cache once; a bump in the request replaces the kept one; outside a request, and in the
    next request, every read goes to the cache (another process's bump is seen)."""
    django_cache.clear()
    reads: list[Any] = []
    real_get, real_get_many = django_cache.get, django_cache.get_many
    monkeypatch.setattr(django_cache, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k))
    monkeypatch.setattr(
        django_cache, "get_many", lambda *a, **k: reads.append(a) or real_get_many(*a, **k)
    )
    with cache.tokens_per_request():
        first = cache.version("probe")
        scoped = cache.versions("probe", [1, 2])
        reads.clear()
        assert cache.version("probe") == first
        assert cache.versions("probe", [2, 1]) == scoped
        assert reads == []  # both from the request's tokens
        assert cache.versions("probe", [3])[3]  # a new scope: read (one get_many)
        assert reads[0] == (["medvirk:version:probe:3"],)
        cache.bump("probe")
        cache.bump_versions("probe", [1])
        reads.clear()
        assert cache.version("probe") != first
        assert cache.versions("probe", [1])[1] != scoped[1]
        assert reads == []
        bumped = cache.version("probe")
    # Another process bumps between requests: the next request reads the new token.
    django_cache.set("medvirk:version:probe", "elsewhere", timeout=None)
    reads.clear()
    assert cache.version("probe") == "elsewhere" != bumped
    assert cache.version("probe") == "elsewhere"
    assert len(reads) == 2  # outside a request nothing is kept
    with cache.tokens_per_request():
        assert cache.version("probe") == "elsewhere"


def test_every_request_gets_its_own_tokens(client: Client) -> None:
    """The middleware keeps the tokens for one request only."""
    from medvirk.common.middleware import CacheVersionsMiddleware

    seen: list[Any] = []

    def view(request: Any) -> Any:
        seen.append(cache._seen.get())
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = CacheVersionsMiddleware(view)
    middleware(None)  # type: ignore[arg-type]
    middleware(None)  # type: ignore[arg-type]
    assert seen[0] == {} and seen[1] == {} and seen[0] is not seen[1]
    assert cache._seen.get() is None
