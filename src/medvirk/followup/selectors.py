"""Read queries about advice, answers, reports and input, for the pages and the API.

Who sees what is decided in ``followup.visibility`` (the visibility part of the
selectors: ``public_advice()`` for public pages, the API and the CSV); the queries here
start from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, overload

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.cache_registry import ANY
from medvirk.common.paging import RememberedPages
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.followup.caching import FIGURES, TIMEOUT, cache_key, cached_figures, versions
from medvirk.followup.enums import ANSWERED, AddresseeKind, ReportStatus
from medvirk.followup.figures import (
    Figures,
    Summary,
    figures_for,
    grouped_figures,
    year_summaries,
)
from medvirk.followup.models import Advice, AdviceQuerySet, AdviceResponse, Report
from medvirk.followup.visibility import public_advice, visible_reports
from medvirk.meetings.enums import ItemKind, MeetingStatus, MinutesStatus
from medvirk.meetings.models import AgendaItem, CaseProposal, Minutes
from medvirk.meetings.selectors import with_documents
from medvirk.meetings.visibility import visible_items


def overdue_q(today: datetime.date) -> Q:
    return ~Q(status__in=ANSWERED) & Q(due_on__lt=today)


def statement_items_without_advice(owner_ids: Iterable[int]) -> QuerySet[AgendaItem]:
    """Statement items on published agendas of the services' arenas that have no advice yet."""
    return (
        AgendaItem.objects.filter(
            arena__owner_id__in=list(owner_ids),
            kind=ItemKind.STATEMENT,
            meeting__agenda_published_at__isnull=False,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .exclude(
            # An anti-join on the advice's unique item index, not an outer join that reads
            # every advice of the country (issue 13).
            Exists(Advice.objects.filter(item_id=OuterRef("pk")))
        )
    )


def with_timeline_summary(advice: QuerySet[Advice]) -> QuerySet[Advice]:
    """The list's rows: the item (case number), the arena, the final decision, and the
    last response's date and status and the number of responses as annotations (no query
    per row)."""
    responses = AdviceResponse.objects.filter(advice=OuterRef("pk"))
    last = responses.order_by("-responded_on", "-created_at", "-pk")
    count = responses.order_by().values("advice").annotate(n=Count("pk")).values("n")
    return advice.select_related("arena", "item", "final_decision").annotate(
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
    return advice.select_related("arena__owner", "item", "final_decision").prefetch_related(
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


# --- The advice pages ------------------------------------------------------------------


def advice_of_item(item: AgendaItem) -> Advice | None:
    """The advice an item was sent as, if it was."""
    return Advice.objects.filter(item=item).first()


def visible_item_with_documents(user: Any, item_id: int) -> AgendaItem | None:
    """The advice's item with its meeting and documents, if the user may see it."""
    return with_documents(visible_items(user).select_related("meeting")).filter(pk=item_id).first()


def arenas_of_services(service_ids: Iterable[int]) -> QuerySet[Arena]:
    """The services' arenas with their owner, by name."""
    return (
        Arena.objects.filter(owner_id__in=service_ids)
        .select_related("owner")
        .order_by("name", "pk")
    )


def statements_to_send(managed: Iterable[int], *, arena_id: int | None) -> QuerySet[AgendaItem]:
    """The secretariat's statements not yet sent as advice (in one arena if given), those
    with approved minutes first, then the latest meetings."""
    items = (
        statement_items_without_advice(managed)
        .select_related("meeting", "arena")
        .annotate(minutes_approved=_minutes_approved())
        .order_by("-minutes_approved", "-meeting__starts_at", "position", "pk")
    )
    if arena_id:
        items = items.filter(arena_id=arena_id)
    return items


def _minutes_approved() -> Exists:
    return Exists(
        Minutes.objects.filter(meeting_id=OuterRef("meeting_id"), status=MinutesStatus.APPROVED)
    )


def statements_by_ids(ids: Sequence[int]) -> list[AgendaItem]:
    """The items ``ids`` (from ``statements_to_send``, cached), in that order, dressed as
    that list dresses them: one query by primary key."""
    found = {
        item.pk: item
        for item in AgendaItem.objects.filter(pk__in=list(ids))
        .select_related("meeting", "arena")
        .annotate(minutes_approved=_minutes_approved())
    }
    return [found[pk] for pk in ids if pk in found]


def _overdue_rank(today: datetime.date) -> Case:
    """0: overdue, 1: waiting for an answer, 2: answered."""
    return Case(
        When(overdue_q(today), then=Value(0)),
        When(~Q(status__in=ANSWERED), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def advice_for_secretariat(
    managed: Iterable[int],
    today: datetime.date,
    *,
    arena_id: int | None,
    overdue: bool,
    status: str,
) -> QuerySet[Advice]:
    """All advice of the services' arenas (in one arena, overdue only or in one status if
    given), unordered: page them with :func:`secretariat_pages`."""
    advice: QuerySet[Advice] = Advice.objects.filter(arena__owner_id__in=list(managed))
    if arena_id:
        advice = advice.filter(arena_id=arena_id)
    if overdue:
        advice = advice.filter(overdue_q(today))
    elif status:
        advice = advice.filter(status=status)
    return advice.order_by()


def secretariat_pages(
    advice: QuerySet[Advice],
    today: datetime.date,
    remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: ids(),
) -> RememberedPages:
    """The secretariat's advice for a paginator: overdue first, then waiting, then
    answered, each by due date; the count is given (``CountedPaginator``).

    A page's ids are chosen in one statement that sorts only (status, due_on, id) from the
    (arena, status, due_on, id) index (and are remembered by ``remember``, the cache
    registry in the view); only those rows are read whole with their arena -- not every
    advice of the service, 22,000 for the largest at national scale (issue 13).
    """
    order = ("rank", "due_on", "pk")
    ranked = advice.annotate(rank=_overdue_rank(today))
    return RememberedPages(
        ranked.order_by(*order).values_list("pk", flat=True),
        lambda ids: ranked.filter(pk__in=ids).select_related("arena"),
        remember,
    )


def advice_addressed_to(user: Any, services: Iterable[int]) -> AdviceQuerySet:
    """The advice of the services where the user is a decision-maker: addressed to them by
    name, or to the service's decision-makers. (Advice is addressed by name only to a
    decision-maker of the arena's service, checked when it is given.)

    The services' arenas are read first: with the arena's owner in the condition, the
    ``OR`` spans a join and PostgreSQL read every unanswered advice of the country for it
    (430 ms at national scale); on the advice's own columns it is two index scans."""
    arena_ids = list(Arena.objects.filter(owner_id__in=list(services)).values_list("pk", flat=True))
    return Advice.objects.filter(arena_id__in=arena_ids).filter(
        Q(addressee_user=user) | Q(addressee_kind=AddresseeKind.DECISION_MAKER)
    )


def waiting_figures(advice: AdviceQuerySet, today: datetime.date) -> dict[str, int]:
    """How many of the advice wait for an answer, and how many of those are overdue: one
    aggregate query over the unanswered rows."""
    return advice.unanswered().aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )


def _with_names(advice: AdviceQuerySet) -> AdviceQuerySet:
    # The item (case number) and meeting too: the start page shows them.
    return advice.select_related("arena__owner", "addressee_user", "item", "meeting")


def waiting_for_answer(
    advice: AdviceQuerySet,
    remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: ids(),
) -> RememberedPages:
    """The advice waiting for an answer, soonest due first (the overdue, due before today,
    come first by construction), for a paginator: a page's ids are chosen (and kept by
    ``remember``), then its rows read by id."""
    waiting = advice.unanswered()
    return RememberedPages(
        waiting.order_by("due_on", "pk").values_list("pk", flat=True),
        lambda ids: _with_names(waiting.filter(pk__in=ids)),
        remember,
    )


def last_answered(
    advice: AdviceQuerySet,
    answered_shown: int,
    remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: ids(),
) -> list[Advice]:
    """The last ``answered_shown`` answered advice, latest first answer first."""
    answered = advice.answered()
    pages = RememberedPages(
        answered.order_by("-first_answer_on", "-pk").values_list("pk", flat=True),
        lambda ids: _with_names(answered.filter(pk__in=ids)),
        remember,
    )
    return list(pages[0:answered_shown])


# --- The organisation's year: lists read a page at a time, most urgent first ------------


def status_figures(
    rows: QuerySet[Any], choices: Any, *, overdue: Q | None = None
) -> dict[str, Any]:
    """The rows' number in all (``total``), per status as ``(label, count)`` for the
    statuses present (``by_status``), and the ``overdue`` if a condition is given: one
    aggregate query (``Count`` with ``filter=``), whatever the number of rows."""
    counts: dict[str, Any] = {
        f"status_{index}": Count("pk", filter=Q(status=value))
        for index, (value, _label) in enumerate(choices)
    }
    if overdue is not None:
        counts["overdue"] = Count("pk", filter=overdue)
    found = rows.order_by().aggregate(total=Count("pk"), **counts)
    return {
        "total": found["total"],
        "overdue": found.get("overdue", 0),
        "by_status": [
            (str(label), found[f"status_{index}"])
            for index, (_value, label) in enumerate(choices)
            if found[f"status_{index}"]
        ],
    }


def advice_needing_action_first(
    advice: QuerySet[Advice],
    today: datetime.date,
    remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: ids(),
    readable: QuerySet[Advice] | None = None,
) -> RememberedPages:
    """Overdue first, then waiting for an answer, then answered; each by due date. For a
    paginator: a page's ids are chosen (and kept by ``remember``), its rows read by id
    from ``readable`` (what the reader may see; ``advice`` itself if not given)."""
    rank = _overdue_rank(today)
    rows = (advice if readable is None else readable).annotate(rank=rank)
    return RememberedPages(
        advice.annotate(rank=rank).order_by("rank", "due_on", "pk").values_list("pk", flat=True),
        lambda ids: rows.filter(pk__in=ids).select_related("arena"),
        remember,
    )


def proposals_needing_action_first(
    proposals: QuerySet[CaseProposal],
    remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: ids(),
    readable: QuerySet[CaseProposal] | None = None,
) -> RememberedPages:
    """Open proposals (still waiting on the secretariat) first, then the handled; each
    newest first. For a paginator, as :func:`advice_needing_action_first`."""
    is_open = proposals.model.objects.open().filter(pk=OuterRef("pk"))
    ordered = proposals.annotate(waiting=Exists(is_open))
    rows = proposals if readable is None else readable
    return RememberedPages(
        ordered.order_by("-waiting", "-submitted_at", "-pk").values_list("pk", flat=True),
        lambda ids: (
            rows.annotate(waiting=Exists(is_open)).filter(pk__in=ids).select_related("arena")
        ),
        remember,
    )


# --- Reports and the representative's dashboard --------------------------------------------


def report_feed_groups(reports: QuerySet[Report]) -> list[tuple[int, int, int]]:
    """``(year, arena id, number)`` of the reports, by the year (Europe/Oslo) and arena of
    their meeting: one grouped query gives the feed's years, its arenas and the count of
    any filter of them (issue 13)."""
    rows = (
        reports.order_by()
        .values(year=ExtractYear("meeting__starts_at"), arena_id=F("meeting__arena_id"))
        .annotate(n=Count("pk"))
    )
    return [(row["year"], row["arena_id"], row["n"]) for row in rows]


def arenas_by_name(arena_ids: Iterable[int]) -> QuerySet[Arena]:
    """The arenas (of the feed's reports, from ``report_feed_groups``), by name."""
    return Arena.objects.filter(pk__in=list(arena_ids)).order_by("name", "pk")


def reports_to_write(user: Any) -> QuerySet[Report]:
    """The reports the user is asked to write, latest meeting first."""
    return (
        Report.objects.filter(person__user=user, status=ReportStatus.REQUESTED)
        .select_related("meeting__arena", "organisation")
        .order_by("-meeting__starts_at", "-pk")
    )


def new_reports(
    user: Any, organisation_ids: Iterable[int], since: datetime.datetime
) -> QuerySet[Report]:
    """The organisations' reports submitted since ``since`` that the user may read
    (``visible_reports``), newest first, with what the start page shows of them."""
    return (
        visible_reports(user)
        .filter(organisation_id__in=list(organisation_ids), submitted_at__gte=since)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("meeting__arena", "person", "organisation")
        .order_by("-submitted_at", "-pk")
    )


def recent_answers_in_seats(
    user: Any, seats: Collection[int], since: datetime.date
) -> QuerySet[AdviceResponse]:
    """Answers since ``since`` to the advice in the arenas ``seats`` where the user holds
    a seat (none without seats), latest first. A member sees every advice of their arena
    (``visible_advice``), so the arenas are the whole condition: the visibility ``OR``
    across the arena join cost 10-80 ms at national scale for a handful of seats."""
    mine = sorted(set(seats) & member_arena_ids(user))
    if not mine:
        return AdviceResponse.objects.none()
    return (
        AdviceResponse.objects.filter(advice__arena_id__in=mine, responded_on__gte=since)
        .select_related("advice__arena")
        .order_by("-responded_on", "-created_at", "-pk")
    )


def public_services_with_advice() -> QuerySet[Any]:
    """Public services with public advice, by name, as ``{"pk", "name"}`` rows."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.SERVICE, is_public=True)
        .filter(Exists(public_advice().filter(arena__owner_id=OuterRef("pk"))))
        .order_by("name")
        .values("pk", "name")
    )


def index_services() -> list[dict[str, Any]]:
    """``public_services_with_advice``, for the index: which services have public advice
    reads every public advice of the country (147 ms at national scale), so their ids are
    cached under the figures of every service (:data:`ANY`), which any change to an
    advice, an arena or a service retires; their names and whether they are public are
    read fresh (one query by primary key), so a rename shows at once."""
    ids = FIGURES.get_or_set(
        "index-services",
        compute=lambda: [row["pk"] for row in public_services_with_advice()],
        scopes=[ANY],
        language=False,
    )
    rows = (
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SERVICE, is_public=True)
        .order_by("name")
        .values("pk", "name")
    )
    return [{"pk": row["pk"], "name": row["name"]} for row in rows]
