"""Read queries about advice, answers, reports and input, for the pages and the API.

Who sees what is decided in ``followup.visibility`` (the visibility part of the
selectors: ``public_advice()`` for public pages, the API and the CSV); the queries here
start from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, overload

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.followup.caching import ANY_SERVICE, TIMEOUT, cache_key, cached_figures, versions
from medvirk.followup.figures import (
    Figures,
    Summary,
    figures_for,
    grouped_figures,
    year_summaries,
)
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.visibility import public_advice


def with_timeline_summary(advice: QuerySet[Advice]) -> QuerySet[Advice]:
    """The list's rows: the item (case number), the arena, and the last response's date
    and status and the number of responses as annotations (no query per row)."""
    responses = AdviceResponse.objects.filter(advice=OuterRef("pk"))
    last = responses.order_by("-responded_on", "-created_at", "-pk")
    count = responses.order_by().values("advice").annotate(n=Count("pk")).values("n")
    return advice.select_related("arena", "item").annotate(
        last_response_on=Subquery(last.values("responded_on")[:1]),
        last_response_status=Subquery(last.values("status")[:1]),
        response_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
    )


def filter_advice(advice: QuerySet[Advice], filters: dict[str, Any]) -> QuerySet[Advice]:
    if filters.get("year"):
        advice = advice.filter(given_on__year=filters["year"])
    if filters.get("status"):
        advice = advice.filter(status=filters["status"])
    if filters.get("arena"):
        advice = advice.filter(arena_id=filters["arena"])
    return advice


def known_counts(
    filters: dict[str, Any], figures: Figures, per_arena: dict[Hashable, Figures] | None = None
) -> tuple[int | None, list[tuple[int, int]]]:
    """What the (cached) figures of the same scope know about the list: how many advice
    it holds, and how many per year, newest first. They know it without a filter, for a
    year, and (on a service's page) the count for an arena; else ``(None, [])``: the
    list is counted by the database."""
    if not filters:
        return figures.total.count, [(f.year, f.count) for f in figures.years if f.year]
    if set(filters) == {"year"}:
        found = figures.for_year(filters["year"])
        return (found.count if found else 0), []
    if set(filters) == {"arena"} and per_arena is not None:
        arena_figures = per_arena.get(filters["arena"])
        return (arena_figures.total.count if arena_figures else 0), []
    return None, []


class AdviceList:
    """The advice a paginator pages through, newest first, without reading more of the
    scope than the page needs.

    - ``count``: given when the figures know it (``known_counts``), else one COUNT.
    - ``year_counts``: the number of advice per year, newest first. A page that ends in
      year Y holds nothing older than 1 January Y, so the query gets that lower bound on
      ``given_on``: the database sorts one or two years of the scope, not all of them
      (the (arena, is_public, given_on) index serves the range per arena).
    - ``rows`` dresses the page's rows (default: the timeline summary), and only
      them, also far into the list.

    The figures are cached (``followup/caching.py``) and retired by every change to the
    advice, answers and arenas they count (the cache registry); a write that skips signals
    and forgets ``touch`` can make the count or a page's bound wrong until the cache entry
    expires (an hour).
    """

    def __init__(
        self,
        advice: QuerySet[Advice],
        *,
        count: int | None = None,
        year_counts: Sequence[tuple[int, int]] = (),
        rows: Callable[[QuerySet[Advice]], QuerySet[Advice]] = with_timeline_summary,
    ) -> None:
        self.advice = advice.order_by("-given_on", "-pk")
        self._count = count
        self.year_counts = list(year_counts)
        self.rows = rows

    def count(self) -> int:
        if self._count is None:
            self._count = self.advice.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Advice]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, index: int) -> Advice: ...

    @overload
    def __getitem__(self, index: slice) -> list[Advice]: ...

    def __getitem__(self, index: int | slice) -> Advice | list[Advice]:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        if stop is None or stop <= start:
            return []
        advice = self.advice
        since = self.since(stop)
        if since is not None:
            advice = advice.filter(given_on__gte=since)
        if start:
            # Skipped rows cost nothing but their place in the order: the page's rows
            # are picked first, so the timeline summary is worked out for them only.
            page = advice.filter(pk__in=advice.values("pk")[start:stop])
            return list(self.rows(page))
        return list(self.rows(advice)[:stop])

    def since(self, stop: int) -> datetime.date | None:
        """The first day of the year that the ``stop`` newest advice reach back to, or
        None when that is not known (or it is the oldest year anyway)."""
        seen = 0
        for index, (year, count) in enumerate(self.year_counts):
            seen += count
            if seen >= stop:
                return None if index == len(self.year_counts) - 1 else datetime.date(year, 1, 1)
        return None


def public_advice_in_scope(
    arena: Arena | None = None, service: Organisation | None = None
) -> QuerySet[Advice]:
    """Public advice, narrowed to a (public) arena and/or a (public) service."""
    advice = public_advice()
    if arena is not None:
        advice = advice.filter(arena=arena)
    if service is not None:
        if arena is None:
            # The service's public arenas first: then the index on (arena, is_public,
            # given_on) serves the list.
            arenas = Arena.objects.filter(owner=service, is_public=True).values("pk")
            advice = advice.filter(arena_id__in=arenas)
        else:
            advice = advice.filter(arena__owner=service)
    return advice


def with_timeline(advice: QuerySet[Advice]) -> QuerySet[Advice]:
    """The rows with the arena, its owner, the item and every response, oldest first
    (the API's rows; no query per row)."""
    return advice.select_related("arena__owner", "item").prefetch_related(
        Prefetch("responses", queryset=AdviceResponse.objects.order_by("responded_on", "pk"))
    )


# --- Cached figures (retired by the cache registry: followup/caching.py) ----------------


def arena_figures(arena: Arena, today: datetime.date | None = None) -> Figures:
    """The public figures of a (public) arena, per year and in total."""
    day = today or timezone.localdate()
    return cached_figures(
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

    return cached_figures("service", owner_id, owner_id, day, compute)


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

    return cached_figures("years", ANY_SERVICE, ANY_SERVICE, day, compute)


def index_summaries(
    owner_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, Summary]:
    """Each service's line on the index: all its public advice and this year's figures.
    Cached per service; the services missing from the cache are counted in one query."""
    day = today or timezone.localdate()
    current = versions(owner_ids)
    keys = {
        owner_id: cache_key("summary", owner_id, day, version)
        for owner_id, version in current.items()
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
