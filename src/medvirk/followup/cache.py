"""The accountability figures, cached in the Django cache (``django.core.cache.cache``).

Counting the figures reads every public advice of a scope (20,000 for the largest
service at national scale, all of them for the index), so the result is kept:

- per scope (an arena, a service, a service's line on the index) and per day (``today``
  decides what is overdue), under a **version per service**:
  ``followup:figures:<scope>:<id>:<today>:<version>``;
- the version is a random token kept by ``common.cache.versions`` under the namespace
  ``followup:figures`` (no expiry). ``changed(owner_id)`` gives the service a new token when the transaction
  commits; ``create_advice`` and ``record_response`` call it, so a new advice or a new
  answer shows at once, on every page of that service and every process sharing the
  cache (use Redis, ``MEDVIRK_CACHE_URL``, with more than one process: locmem is per
  process);
- every entry expires after an hour anyway (``TIMEOUT``), the safety net for changes
  that do not go through those two functions (an arena made private, data loaded by
  hand).

Rendered HTML is cached the same way (``fragment``): the index's table (a row per
service: rendering 400 rows costs more than the page may; under ``ANY_SERVICE``, a
version every bump changes), and the unfiltered pages of an arena and a service. Their key adds the language and what else the HTML shows
(names), so a renamed arena or service shows at once too.

A version is read *before* the figures are counted: a page that counts while an answer
is being committed stores its (old) figures under the old version, which nobody asks for
once the new one is set.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from medvirk.arenas.models import Arena
from medvirk.common import cache as common_cache
from medvirk.followup.figures import (
    Figures,
    Summary,
    figures_for,
    grouped_figures,
    year_summaries,
)
from medvirk.followup.visibility import public_advice

TIMEOUT = 60 * 60
PREFIX = "followup:figures"

T = TypeVar("T")

# A version that changes with every service's: for what shows all services (the index's
# table), so that a hit costs one version, not one per service. No organisation has id 0.
ANY_SERVICE = 0


NAMESPACE = "followup:figures"


def versions(owner_ids: Iterable[int]) -> dict[int, str]:
    """The current version of each service's figures (created when missing)."""
    return common_cache.versions(NAMESPACE, owner_ids)


def bump(owner_id: int) -> None:
    """Forget every cached figure of the service (its arenas and its line on the index),
    and the index's table (``ANY_SERVICE``)."""
    common_cache.bump_versions(NAMESPACE, [owner_id, ANY_SERVICE])


def changed(owner_id: int) -> None:
    """The service's advice changed in this transaction: bump its version on commit
    (at once when no transaction is open)."""
    transaction.on_commit(lambda: bump(owner_id))


def fragment(
    name: str,
    owner_ids: Iterable[int],
    shows: object,
    render: Callable[[], str],
    today: datetime.date | None = None,
) -> SafeString:
    """HTML from ``render``, cached under the versions of the services ``owner_ids``,
    today, the language and ``shows`` (a repr-able value: whatever else the HTML
    depends on, e.g. names)."""
    day = today or timezone.localdate()
    current = sorted(versions(owner_ids).items())
    identity = repr((get_language(), day.isoformat(), current, shows)).encode()
    key = f"{PREFIX}:html:{name}:{hashlib.sha256(identity).hexdigest()}"
    html = common_cache.get_or_set(key, lambda: str(render()), TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by our templates (autoescaped)


def _key(scope: str, pk: Hashable, today: datetime.date, version: str) -> str:
    return f"{PREFIX}:{scope}:{pk}:{today.isoformat()}:{version}"


def _cached(
    scope: str, pk: int, owner_id: int, today: datetime.date, compute: Callable[[], T]
) -> T:
    key = _key(scope, pk, today, versions([owner_id])[owner_id])
    return common_cache.get_or_set(key, compute, TIMEOUT)


def arena_figures(arena: Arena, today: datetime.date | None = None) -> Figures:
    """The public figures of a (public) arena, per year and in total."""
    day = today or timezone.localdate()
    return _cached(
        "arena",
        arena.pk,
        arena.owner_id,
        day,
        lambda: figures_for(public_advice().filter(arena_id=arena.pk), day),
    )


def service_figures(
    owner_id: int, today: datetime.date | None = None
) -> tuple[Figures, dict[Hashable, Figures]]:
    """The public figures of a service per year and in total, and each public arena's
    total (``Figures`` with the total only: no years)."""
    day = today or timezone.localdate()

    def compute() -> tuple[Figures, dict[Hashable, Figures]]:
        advice = public_advice().filter(arena__owner_id=owner_id)
        return grouped_figures(advice, "arena_id", day, group_years=False)

    return _cached("service", owner_id, owner_id, day, compute)


def public_year_counts(today: datetime.date | None = None) -> list[tuple[int, int]]:
    """How many public advice there are per year (newest first), over all services: the
    count of the API's unfiltered list, which would otherwise count every advice in the
    country on every request. Under ``ANY_SERVICE``: recounted after any change."""
    day = today or timezone.localdate()

    def compute() -> list[tuple[int, int]]:
        rows = (
            public_advice()
            .order_by()
            .annotate(year=ExtractYear("given_on"))
            .values("year")
            .annotate(n=Count("pk"))
            .values_list("year", "n")
        )
        return sorted(((int(year), n) for year, n in rows), reverse=True)

    return _cached("years", ANY_SERVICE, ANY_SERVICE, day, compute)


def index_summaries(
    owner_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, Summary]:
    """Each service's line on the index: all its public advice and this year's figures.
    Cached per service; the services missing from the cache are counted in one query."""
    day = today or timezone.localdate()
    current = versions(owner_ids)
    keys = {
        owner_id: _key("summary", owner_id, day, version) for owner_id, version in current.items()
    }
    found = cache.get_many(list(keys.values()))
    result = {owner_id: found[key] for owner_id, key in keys.items() if key in found}
    missing = [owner_id for owner_id in keys if owner_id not in result]
    if missing:
        counted = year_summaries(
            public_advice().filter(arena__owner_id__in=missing),
            "arena__owner_id",
            year=day.year,
            today=day,
        )
        empty = Summary(advice_count=0, year=replace(Figures.empty().total, year=day.year))
        fresh = {owner_id: counted.get(owner_id, empty) for owner_id in missing}
        cache.set_many({keys[owner_id]: summary for owner_id, summary in fresh.items()}, TIMEOUT)
        result.update(fresh)
    return result
