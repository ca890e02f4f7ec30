"""The accountability figures: how much advice was answered, how fast, and with what outcome.

Pure functions over simple rows (no request, no database) plus ``figures_for`` and
``grouped_figures`` that fetch the four columns they need in one query.

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
- Every share is ``None`` when its denominator is 0 (shown as "–"), never a division
  by zero.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from medvirk.followup.enums import ANSWERED, AdviceStatus
from medvirk.followup.models import Advice

FIELDS = ("given_on", "due_on", "status", "first_answer_on")


@dataclass(frozen=True)
class AdviceRow:
    """The four columns the figures need."""

    given_on: datetime.date
    due_on: datetime.date
    status: str
    first_answer_on: datetime.date | None = None


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
    )


def summarise(
    rows: Iterable[AdviceRow | Mapping[str, Any]], *, today: datetime.date, year: int | None
) -> YearFigures:
    """The figures over ``rows`` (all of them; the caller picks the year)."""
    count = answered = overdue = on_time = 0
    outcomes: dict[str, int] = defaultdict(int)
    days: list[int] = []
    for value in rows:
        row = _row(value)
        count += 1
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


def figures_for(queryset: QuerySet[Advice], today: datetime.date | None = None) -> Figures:
    """The figures over ``queryset``, fetching only the four columns, in one query."""
    rows = [AdviceRow(*values) for values in queryset.order_by().values_list(*FIELDS)]
    return figures(rows, today=today or timezone.localdate())


def grouped_figures(
    queryset: QuerySet[Advice], key: str, today: datetime.date | None = None
) -> tuple[Figures, dict[Hashable, Figures]]:
    """The figures over ``queryset`` and per value of ``key`` (e.g. ``arena_id``), in one
    query."""
    today = today or timezone.localdate()
    rows: list[AdviceRow] = []
    groups: dict[Hashable, list[AdviceRow]] = defaultdict(list)
    for group, *values in queryset.order_by().values_list(key, *FIELDS):
        row = AdviceRow(*values)
        rows.append(row)
        groups[group].append(row)
    return (
        figures(rows, today=today),
        {group: figures(members, today=today) for group, members in groups.items()},
    )
