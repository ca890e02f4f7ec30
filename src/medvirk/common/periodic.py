"""The registry of periodic jobs: one way to declare scheduled work.

Each app declares its jobs in ``<app>/periodic.py`` with :func:`register`; the ``ops``
app imports those modules at start-up (like the admin's autodiscovery) and runs them
(``manage.py run_periodic``, see ``medvirk.ops.domain``). A job names

* ``due(now)``: the queryset of items due at ``now``;
* ``claim(items, now)``: ONE conditional UPDATE that marks the item taken, given
  ``due(now).filter(pk=...)`` (so the WHERE clause re-checks that the item is still due)
  and returning the number of rows it changed -- 0 means another run took it first;
* ``handle(item, now)``: calls the app's domain function for that one item.

The runner claims and handles each item in its own transaction, so two overlapping runs
never handle an item twice and a failing item rolls back only its own claim (it is tried
again by the next run). The registry lives here, below every app, so that apps can
register without importing ``ops`` (which sits at the top of the layer order).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

Due = Callable[[datetime.datetime], QuerySet[Any]]
Claim = Callable[[QuerySet[Any], datetime.datetime], int]
Handle = Callable[[Any, datetime.datetime], object]


@dataclass(frozen=True)
class Job:
    name: str
    due: Due
    claim: Claim
    handle: Handle
    # Runs before the due items are listed (e.g. creating the rows the job then claims);
    # it must be idempotent, since overlapping runs both call it.
    prepare: Callable[[datetime.datetime], object] | None = None
    description: str = ""


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    if job.name in _JOBS and _JOBS[job.name] != job:
        raise ValueError(f"A periodic job named {job.name!r} is already registered.")
    _JOBS[job.name] = job
    return job


def registered_jobs() -> dict[str, Job]:
    """The registered jobs by name, in registration order (apps in INSTALLED_APPS order)."""
    return dict(_JOBS)


def set_now(field: str) -> Claim:
    """The usual claim: set a timestamp column that the due queryset requires to be NULL."""

    def claim(items: QuerySet[Any], now: datetime.datetime) -> int:
        return items.update(**{field: now})

    return claim


def lock_claim(items: QuerySet[Any], now: datetime.datetime) -> int:
    """The claim of a job whose handler DELETES the item (retention): an UPDATE that
    changes nothing but takes the row lock. The handler deletes the row in the same
    transaction, so an overlapping run's claim waits for the lock and then finds no row
    (0: taken by another run), as with :func:`set_now`."""
    pk = items.model._meta.pk
    assert pk is not None
    return items.update(**{pk.attname: F(pk.attname)})
