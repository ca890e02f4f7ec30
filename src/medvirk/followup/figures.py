"""The accountability figures: how much advice was answered, how fast, and with what outcome.

Two implementations of the same rules:

- pure functions over simple rows (``summarise``, ``year_figures``, ``figures``): the
  specification, table-tested;
- ``figures_for``, ``grouped_figures`` and ``year_summaries``: the same figures counted
  by the database, one query per table of figures, so that a page never fetches the
  advice rows of its scope (20,000 for the largest service at national scale).
  Conditional aggregates (``COUNT(*) FILTER (WHERE …)``) per ``ExtractYear(given_on)``;
  the median is ``percentile_cont(0.5)`` on PostgreSQL. SQLite (development and tests,
  not the national-scale engine) has no median aggregate: there the same query fetches
  the day counts of the answered advice (``GROUP_CONCAT``) and Python takes the median.
  tests/followup/test_figures_sql.py checks on both engines that they equal the pure
  functions on the edge cases and on random advice.

The pages cache these figures (``followup/caching.py``).

How the figures are counted (the accountability pages say the same in plain words):

- Advice belongs to the calendar year of ``given_on``. An advice given 30.12.2026 and
  answered 10.01.2027 counts in 2026.
- *Answered* means the current status is one of ``ANSWERED``: followed, partly followed,
  not followed or implemented. "Received" and "under consideration" acknowledge the
  advice; they are not answers.
- *Overdue*: not answered, and today (Europe/Oslo) is after the due date.
- *Answered on time*: the first answer came on or before the due date (an answer on
  the due date is on time).
- *Median days to answer*: days from ``given_on`` to ``first_answer_on`` over answered
  advice, by ``statistics.median`` (the mean of the two middle values when the number
  of answers is even). ``None`` when nothing is answered.
- *Outcomes*: ``followed``, ``partly``, ``not_followed`` and ``implemented`` count the
  answered advice by their current status. Implemented advice (followed, or partly
  followed, and then carried out) is counted in ``implemented`` only, NOT also in
  ``followed``, so the four outcome shares sum to 1 over the answered advice.
- *Final decision* (issue 16): the advice has a ``FinalDecision`` (the deciding body's
  decision on the case, recorded or imported), whatever its answer status. ``decided``
  counts them and ``decided_share`` is over all the advice; the five outcomes
  (``DecisionOutcome``) count the decided advice, so their shares sum to 1 over it.
- Every share is ``None`` when its denominator is 0 (shown as "–"), never a division
  by zero.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, ExtractYear
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType
from django.utils import timezone

from medvirk.followup.enums import ANSWERED, AdviceStatus, DecisionOutcome
from medvirk.followup.models import Advice


@dataclass(frozen=True)
class AdviceRow:
    """The columns the figures need (``decision``: the final decision's outcome, or "")."""

    given_on: datetime.date
    due_on: datetime.date
    status: str
    first_answer_on: datetime.date | None = None
    decision: str = ""


@dataclass(frozen=True)
class YearFigures:
    """The figures for one year of advice (``year`` is None for the total over all years)."""

    year: int | None
    count: int
    answered: int
    overdue: int
    answered_on_time: int
    median_days: float | None
    followed: int
    partly: int
    not_followed: int
    implemented: int
    # Final decisions (issue 16): how many advice reached one, and with which outcome.
    decided: int = 0
    decided_in_line: int = 0
    decided_partly: int = 0
    decided_against: int = 0
    decided_postponed: int = 0
    decided_other: int = 0

    @property
    def decided_share(self) -> float | None:
        """Share of all the advice whose case reached a final decision."""
        return _share(self.decided, self.count)

    def decision_share(self, outcome: str) -> float | None:
        """Share of the decided advice whose decision had ``outcome``."""
        return _share(getattr(self, f"decided_{outcome}"), self.decided)

    @property
    def decision_counts(self) -> list[tuple[str, str, int, float | None]]:
        """(outcome, label, count, share of the decided) for each outcome, in order."""
        return [
            (
                outcome.value,
                str(outcome.label),
                getattr(self, f"decided_{outcome.value}"),
                self.decision_share(outcome.value),
            )
            for outcome in DecisionOutcome
        ]

    @property
    def pending(self) -> int:
        """Not answered yet (waiting, received or under consideration)."""
        return self.count - self.answered

    @property
    def answered_share(self) -> float | None:
        return _share(self.answered, self.count)

    @property
    def on_time_share(self) -> float | None:
        """Share of the answered advice whose first answer came by the due date."""
        return _share(self.answered_on_time, self.answered)

    @property
    def followed_share(self) -> float | None:
        return _share(self.followed, self.answered)

    @property
    def partly_share(self) -> float | None:
        return _share(self.partly, self.answered)

    @property
    def not_followed_share(self) -> float | None:
        return _share(self.not_followed, self.answered)

    @property
    def implemented_share(self) -> float | None:
        return _share(self.implemented, self.answered)


@dataclass(frozen=True)
class Figures:
    """Per-year figures, newest year first, and the total over all years."""

    years: list[YearFigures]
    total: YearFigures

    @classmethod
    def empty(cls) -> Figures:
        """No advice at all: no years, and a total of zeros."""
        return cls(years=[], total=summarise([], today=datetime.date.min, year=None))

    def for_year(self, year: int) -> YearFigures | None:
        return next((f for f in self.years if f.year == year), None)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _row(value: AdviceRow | Mapping[str, Any]) -> AdviceRow:
    if isinstance(value, AdviceRow):
        return value
    return AdviceRow(
        given_on=value["given_on"],
        due_on=value["due_on"],
        status=str(value["status"]),
        first_answer_on=value.get("first_answer_on"),
        decision=str(value.get("decision") or ""),
    )


def summarise(
    rows: Iterable[AdviceRow | Mapping[str, Any]], *, today: datetime.date, year: int | None
) -> YearFigures:
    """The figures over ``rows`` (all of them; the caller picks the year)."""
    count = answered = overdue = on_time = 0
    outcomes: dict[str, int] = defaultdict(int)
    decisions: dict[str, int] = defaultdict(int)
    days: list[int] = []
    for value in rows:
        row = _row(value)
        count += 1
        if row.decision:
            decisions[row.decision] += 1
        if row.status in ANSWERED:
            answered += 1
            outcomes[row.status] += 1
            if row.first_answer_on is not None:
                days.append((row.first_answer_on - row.given_on).days)
                if row.first_answer_on <= row.due_on:
                    on_time += 1
        elif today > row.due_on:
            overdue += 1
    return YearFigures(
        year=year,
        count=count,
        answered=answered,
        overdue=overdue,
        answered_on_time=on_time,
        median_days=float(statistics.median(days)) if days else None,
        followed=outcomes[AdviceStatus.FOLLOWED],
        partly=outcomes[AdviceStatus.PARTLY],
        not_followed=outcomes[AdviceStatus.NOT_FOLLOWED],
        implemented=outcomes[AdviceStatus.IMPLEMENTED],
        decided=sum(decisions.values()),
        **{f"decided_{outcome}": decisions[outcome] for outcome in DecisionOutcome.values},
    )


def year_figures(
    advice_rows: Iterable[AdviceRow | Mapping[str, Any]], *, today: datetime.date
) -> list[YearFigures]:
    """The figures per year of ``given_on``, newest year first."""
    by_year: dict[int, list[AdviceRow]] = defaultdict(list)
    for value in advice_rows:
        row = _row(value)
        by_year[row.given_on.year].append(row)
    return [
        summarise(by_year[year], today=today, year=year) for year in sorted(by_year, reverse=True)
    ]


def figures(
    advice_rows: Iterable[AdviceRow | Mapping[str, Any]], *, today: datetime.date
) -> Figures:
    """Per-year figures and the total over all years."""
    rows = [_row(value) for value in advice_rows]
    return Figures(
        years=year_figures(rows, today=today),
        total=summarise(rows, today=today, year=None),
    )


# --- In the database -------------------------------------------------------------------
# The same figures, counted by the database: conditional aggregates (``COUNT(*) FILTER``)
# per year of ``given_on`` and scope, so a page never fetches its advice rows. The pure
# functions above are the specification; tests/followup/test_figures_sql.py checks that
# both give the same figures on random advice, on SQLite and PostgreSQL.


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two dates): ``end - start`` on PostgreSQL,
    where a date minus a date is an integer; the difference of the Julian days on SQLite."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        end, start = self.get_source_expressions()
        days = Func(
            Func(end, function="julianday"),
            Func(start, function="julianday"),
            arg_joiner=" - ",
            template="CAST(%(expressions)s AS INTEGER)",
            output_field=IntegerField(),
        )
        return compiler.compile(days)


class Median(Aggregate):
    """The median, PostgreSQL's ``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``: the
    middle value, or the mean of the two middle values for an even count, exactly as
    ``statistics.median``. Ignores NULL; NULL over no values."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class ValueList(Aggregate):
    """SQLite's stand-in for ``Median``: the values themselves as ``"3,10,2"``
    (``GROUP_CONCAT``); the median is taken in Python. SQLite is the engine for
    development and tests, not for national scale, so this fetches one number per
    answered advice in the scope (in the same query)."""

    function = "GROUP_CONCAT"
    name = "ValueList"
    output_field = CharField()


# One grouping of a figures query: (by the group key, by year).
GroupingSet = tuple[bool, bool]
TOTAL: GroupingSet = (False, False)
YEARS: GroupingSet = (False, True)
GROUP_TOTAL: GroupingSet = (True, False)
GROUP_YEARS: GroupingSet = (True, True)

_NUMBERS = (
    "count",
    "answered",
    "overdue",
    "answered_on_time",
    "followed",
    "partly",
    "not_followed",
    "implemented",
    "decided",
    *(f"decided_{outcome}" for outcome in DecisionOutcome.values),
)


def _median_aggregate(vendor: str, value: Any, condition: Q) -> Aggregate:
    if vendor == "postgresql":
        return Median(value, filter=condition)
    return ValueList(value, filter=condition)


def _median(value: Any) -> float | None:
    """The median from ``Median`` (a number) or from ``ValueList`` (``"3,10,2"``)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return float(statistics.median(int(part) for part in value.split(",")))
    return float(value)


def _aggregates(today: datetime.date, vendor: str, where: Q | None = None) -> dict[str, Any]:
    """The figures as conditional aggregates, each limited to ``where`` when given."""

    def only(condition: Q | None) -> Q | None:
        if where is None:
            return condition
        return where if condition is None else condition & where

    answered = Q(status__in=ANSWERED)
    days = DaysBetween(F("first_answer_on"), F("given_on"))
    with_days = only(answered & Q(first_answer_on__isnull=False))
    assert with_days is not None
    return {
        "fig_count": Count("pk", filter=only(None)),
        "fig_answered": Count("pk", filter=only(answered)),
        "fig_overdue": Count("pk", filter=only(~answered & Q(due_on__lt=today))),
        "fig_answered_on_time": Count(
            "pk", filter=only(answered & Q(first_answer_on__lte=F("due_on")))
        ),
        "fig_followed": Count("pk", filter=only(Q(status=AdviceStatus.FOLLOWED))),
        "fig_partly": Count("pk", filter=only(Q(status=AdviceStatus.PARTLY))),
        "fig_not_followed": Count("pk", filter=only(Q(status=AdviceStatus.NOT_FOLLOWED))),
        "fig_implemented": Count("pk", filter=only(Q(status=AdviceStatus.IMPLEMENTED))),
        "fig_median": _median_aggregate(vendor, days, with_days),
        # One LEFT JOIN to the one-to-one final decision (its unique advice_id index).
        "fig_decided": Count("pk", filter=only(Q(final_decision__isnull=False))),
        **{
            f"fig_decided_{outcome}": Count("pk", filter=only(Q(final_decision__outcome=outcome)))
            for outcome in DecisionOutcome.values
        },
    }


def _year_figures(values: Mapping[str, Any], year: int | None) -> YearFigures:
    return YearFigures(
        year=year,
        median_days=_median(values["fig_median"]),
        **{name: int(values[f"fig_{name}"] or 0) for name in _NUMBERS},
    )


def _vendor(queryset: QuerySet[Any]) -> str:
    return connections[queryset.db].vendor


def _figure_rows(
    queryset: QuerySet[Advice],
    *,
    key: str | None,
    sets: Sequence[GroupingSet],
    today: datetime.date,
) -> list[dict[str, Any]]:
    """One query: the aggregates for each grouping set (``GROUPING SETS`` written as
    ``UNION ALL``, which SQLite has too). Each row says which set it belongs to."""
    aggregates = _aggregates(today, _vendor(queryset))
    # A typed NULL: PostgreSQL takes an untyped one in the first SELECT for text.
    nothing = Cast(Value(None), output_field=IntegerField())
    base = queryset.order_by()
    parts = []
    for index, (by_key, by_year) in enumerate(sets):
        if by_key and key is None:
            raise ValueError("A grouping by key needs a key.")
        parts.append(
            base.annotate(
                fig_set=Value(index, output_field=IntegerField()),
                fig_group=F(key) if by_key and key else nothing,
                fig_year=ExtractYear("given_on") if by_year else nothing,
            )
            .values("fig_set", "fig_group", "fig_year")
            .annotate(**aggregates)
        )
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return [dict(row) for row in combined]


def _assemble(
    rows: Iterable[Mapping[str, Any]], sets: Sequence[GroupingSet]
) -> tuple[Figures, dict[Hashable, Figures]]:
    """The overall figures and the figures per group, from ``_figure_rows``."""
    years: dict[tuple[bool, Hashable], list[YearFigures]] = defaultdict(list)
    totals: dict[tuple[bool, Hashable], YearFigures] = {}
    for row in rows:
        by_key, by_year = sets[int(row["fig_set"])]
        where = (by_key, row["fig_group"] if by_key else None)
        if by_year:
            years[where].append(_year_figures(row, int(row["fig_year"])))
        else:
            totals[where] = _year_figures(row, None)
    empty = Figures.empty().total

    def one(where: tuple[bool, Hashable]) -> Figures:
        found = sorted(years.get(where, []), key=lambda f: f.year or 0, reverse=True)
        return Figures(years=found, total=totals.get(where, empty))

    groups = {where for where in (*years, *totals) if where[0]}
    return one((False, None)), {where[1]: one(where) for where in groups}


def figures_for(queryset: QuerySet[Advice], today: datetime.date | None = None) -> Figures:
    """The figures over ``queryset``, per year and in total, counted by the database in
    one query."""
    sets = (YEARS, TOTAL)
    rows = _figure_rows(queryset, key=None, sets=sets, today=today or timezone.localdate())
    return _assemble(rows, sets)[0]


def grouped_figures(
    queryset: QuerySet[Advice],
    key: str,
    today: datetime.date | None = None,
    *,
    group_years: bool = True,
) -> tuple[Figures, dict[Hashable, Figures]]:
    """The figures over ``queryset`` and per value of ``key`` (e.g. ``arena_id``), each
    per year and in total, in one query. Groups without advice are absent. With
    ``group_years=False`` the groups' figures have their total only (``years`` empty),
    which spares the database one pass."""
    sets = (YEARS, TOTAL, GROUP_YEARS, GROUP_TOTAL) if group_years else (YEARS, TOTAL, GROUP_TOTAL)
    rows = _figure_rows(queryset, key=key, sets=sets, today=today or timezone.localdate())
    return _assemble(rows, sets)


@dataclass(frozen=True)
class Summary:
    """One line of the index: all the advice of a group (e.g. a service), and the figures
    for the advice given in one year."""

    advice_count: int
    year: YearFigures


def year_summaries(
    queryset: QuerySet[Advice], key: str, *, year: int, today: datetime.date | None = None
) -> dict[Hashable, Summary]:
    """Per value of ``key``: how many advice in all, and the figures for ``year``, in one
    query (one row per group). Groups without advice are absent."""
    today = today or timezone.localdate()
    in_year = Q(given_on__year=year)
    rows = (
        queryset.order_by()
        .values(fig_group=F(key))
        .annotate(fig_all=Count("pk"), **_aggregates(today, _vendor(queryset), in_year))
    )
    return {
        row["fig_group"]: Summary(advice_count=row["fig_all"], year=_year_figures(row, year))
        for row in rows
    }
