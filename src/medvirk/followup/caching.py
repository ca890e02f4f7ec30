"""The accountability figures and their HTML, cached under the cache registry (issue 12).

Counting the figures reads every public advice of a scope (20,000 for the largest
service at national scale, all of them for the index), so the result is kept:

- per scope (an arena, a service, a service's line on the index) and per day (``today``
  decides what is overdue), under the namespace :data:`FIGURES`, **scoped per service**:
  a new or changed advice, an answer, or an arena made private or renamed retires that
  service's entries (and those under :data:`ANY_SERVICE`, the index's table and the API's
  year counts) at once and again on commit, through the registry's signals; no domain
  function bumps anything;
- every entry expires after an hour anyway (``TIMEOUT``): the bound on what a write that
  skips signals and forgets :func:`~medvirk.common.cache_registry.touch` could leave.

Rendered HTML is cached the same way (``fragment``): the index's table (a row per
service: rendering 400 rows costs more than the page may), and the unfiltered pages of an
arena and a service. Their key adds the language and the names the HTML shows, which the
page has read anyway: a renamed arena or service shows at once even when renamed by a
queryset update.

Other apps (the API) read the figures through the functions here; none touches the
namespace.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from medvirk.arenas.models import Arena
from medvirk.common.cache_registry import ANY, namespace
from medvirk.directory.models import Organisation
from medvirk.followup.figures import (
    Figures,
    Summary,
    figures_for,
    grouped_figures,
    year_summaries,
)
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.visibility import public_advice
from medvirk.meetings.models import AgendaItem

TIMEOUT = 60 * 60
PREFIX = "followup:figures"

T = TypeVar("T")

# The scope that changes with every service's: for what shows all services (the index's
# table, the API's year counts), so that a hit costs one version, not one per service.
ANY_SERVICE = ANY


def _owner_of_arena(arena_id: int) -> list[int]:
    return list(Arena.objects.filter(pk=arena_id).values_list("owner_id", flat=True))


FIGURES = namespace(
    "followup:figures",
    scoped=True,
    timeout=TIMEOUT,
    models={
        Advice: lambda advice: _owner_of_arena(advice.arena_id),
        AdviceResponse: lambda response: list(
            Advice.objects.filter(pk=response.advice_id).values_list("arena__owner_id", flat=True)
        ),
        Arena: lambda arena: [arena.owner_id],
        # The pages name the item an advice came from.
        AgendaItem: lambda item: [item.arena.owner_id],
        Organisation: lambda organisation: [organisation.pk],
    },
    doc="Accountability figures and their HTML, per service.",
)
NAMESPACE = FIGURES.name


def versions(owner_ids: Iterable[int]) -> dict[int, str]:
    """The current version of each service's figures (created when missing)."""
    return FIGURES.versions(owner_ids)


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
    html = FIGURES.get_or_set(
        f"html:{name}",
        day.isoformat(),
        shows,
        compute=lambda: str(render()),
        scopes=owner_ids,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our templates (autoescaped)


def _key(scope: str, pk: Hashable, today: datetime.date, version: str) -> str:
    return f"{PREFIX}:{scope}:{pk}:{today.isoformat()}:{version}"


def _cached(
    scope: str, pk: int, owner_id: int, today: datetime.date, compute: Callable[[], T]
) -> T:
    return FIGURES.get_or_set(
        scope, pk, today.isoformat(), compute=compute, scopes=[owner_id], language=False
    )


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
