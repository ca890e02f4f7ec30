"""Readiness (/helse/klar/): may this app server take traffic, and is the work behind it
moving? ``/helse/`` (common/views.health) stays the cheap liveness floor; this one asks
the database, the cache, the task workers' heartbeats and the mail outbox's backlog,
each against a threshold from settings (docs/operations-runtime.md). A check that raises
fails; the others still run."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from medvirk.notifications.selectors import outbox_backlog
from medvirk.ops.models import Heartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def database(now: datetime.datetime) -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check("database", True)


def shared_cache(now: datetime.datetime) -> Check:
    key, value = f"medvirk:readiness:{uuid.uuid4().hex}", now.isoformat()
    cache = caches["default"]
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    return Check("cache", ok)


def _age(now: datetime.datetime, then: datetime.datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))


def workers(now: datetime.datetime) -> Check:
    """Every task queue's heartbeat is recent enough (a missing one is not)."""
    limit = settings.MEDVIRK_READINESS_HEARTBEAT_MAX_AGE
    beats = dict(Heartbeat.objects.values_list("name", "beat_at"))
    ages = {
        name: _age(now, beats.get(name))
        for name in [f"worker:{q}" for q in settings.TASKS["default"]["QUEUES"]] + ["periodic"]
    }
    ok = all(age is not None and age <= limit for name, age in ages.items() if name != "periodic")
    return Check("workers", ok, {"max_age_seconds": limit, "age_seconds": ages})


def outbox(now: datetime.datetime) -> Check:
    waiting, oldest = outbox_backlog(now)
    age = _age(now, oldest) or 0
    max_waiting = settings.MEDVIRK_READINESS_OUTBOX_MAX_WAITING
    max_age = settings.MEDVIRK_READINESS_OUTBOX_MAX_AGE
    return Check(
        "outbox",
        waiting <= max_waiting and age <= max_age,
        {
            "waiting": waiting,
            "oldest_age_seconds": age,
            "max_waiting": max_waiting,
            "max_age_seconds": max_age,
        },
    )


CHECKS: dict[str, Callable[[datetime.datetime], Check]] = {
    "database": database,
    "cache": shared_cache,
    "workers": workers,
    "outbox": outbox,
}


def run_checks(now: datetime.datetime) -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        try:
            results.append(check(now))
        except Exception as error:
            results.append(Check(name, False, {"error": type(error).__name__}))
    return results
