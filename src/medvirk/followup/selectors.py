"""Read queries about advice, answers, reports and input, for the pages and the API.

Who sees what is decided in ``followup.visibility`` (the visibility part of the
selectors: ``public_advice()`` for public pages, the API and the CSV); the queries here
start from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, overload

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.followup.figures import Figures
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

    The figures are cached (``followup/cache.py``) and right as long as advice changes
    through the domain functions; a change behind their back (an arena made private)
    can make the count or a page's bound wrong until the cache entry expires (an hour).
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
