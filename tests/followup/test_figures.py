"""The accountability figures (followup/figures.py): pure functions, table-tested on the
edge cases the issue names, plus the one-query fetch."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.figures import (
    AdviceRow,
    YearFigures,
    figures,
    figures_for,
    grouped_figures,
    year_figures,
)
from medvirk.followup.models import Advice
from medvirk.followup.templatetags.accountability_tags import days, percent
from tests.arenas.conftest import make_arena
from tests.factories import ServiceFactory

D = datetime.date
TODAY = D(2027, 6, 15)
S = AdviceStatus


def row(
    given: datetime.date,
    due: datetime.date,
    status: str = S.SENT,
    answered: datetime.date | None = None,
) -> AdviceRow:
    return AdviceRow(given_on=given, due_on=due, status=status, first_answer_on=answered)


def test_no_advice_gives_no_years_and_an_empty_total() -> None:
    result = figures([], today=TODAY)
    assert result.years == []
    total = result.total
    assert (total.year, total.count, total.answered, total.overdue) == (None, 0, 0, 0)
    # Never a division by zero: every share is None, shown as "–".
    assert total.answered_share is None
    assert total.on_time_share is None
    assert total.median_days is None
    assert [
        total.followed_share,
        total.partly_share,
        total.not_followed_share,
        total.implemented_share,
    ] == [None, None, None, None]
    assert year_figures([], today=TODAY) == []


def test_everything_overdue() -> None:
    rows = [
        row(D(2027, 1, 10), D(2027, 2, 21)),
        row(D(2027, 2, 1), D(2027, 3, 15), S.RECEIVED),
        row(D(2027, 3, 1), D(2027, 4, 12), S.CONSIDERING),
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert (only.year, only.count, only.answered, only.overdue) == (2027, 3, 0, 3)
    assert only.answered_share == 0.0
    assert only.median_days is None
    # Shares of the answered advice have no denominator.
    assert only.followed_share is None
    assert only.on_time_share is None


def test_not_overdue_on_the_due_date_itself() -> None:
    (only,) = year_figures([row(D(2027, 5, 1), TODAY)], today=TODAY)
    assert only.overdue == 0
    (late,) = year_figures([row(D(2027, 5, 1), TODAY)], today=TODAY + datetime.timedelta(days=1))
    assert late.overdue == 1


def test_an_answer_on_the_due_date_is_on_time_and_a_day_later_is_not() -> None:
    due = D(2027, 3, 1)
    rows = [
        row(D(2027, 1, 18), due, S.FOLLOWED, answered=due),
        row(D(2027, 1, 18), due, S.PARTLY, answered=due + datetime.timedelta(days=1)),
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert only.answered == 2
    assert only.answered_on_time == 1
    assert only.on_time_share == 0.5
    # A late answer is answered, not overdue.
    assert only.overdue == 0


def test_advice_spanning_a_year_boundary_counts_in_the_year_it_was_given() -> None:
    rows = [
        row(D(2026, 12, 30), D(2027, 2, 10), S.FOLLOWED, answered=D(2027, 1, 10)),
        row(D(2027, 1, 5), D(2027, 2, 16)),
    ]
    result = figures(rows, today=TODAY)
    assert [f.year for f in result.years] == [2027, 2026]  # newest first
    y2027, y2026 = result.years
    assert (y2026.count, y2026.answered, y2026.median_days) == (1, 1, 11.0)
    assert (y2027.count, y2027.answered, y2027.overdue) == (1, 0, 1)
    assert result.total.count == 2
    assert result.total.answered_share == 0.5


def test_answered_the_same_day_is_zero_days() -> None:
    day = D(2027, 4, 1)
    (only,) = year_figures([row(day, D(2027, 5, 13), S.NOT_FOLLOWED, answered=day)], today=TODAY)
    assert only.median_days == 0.0
    assert only.answered_on_time == 1


def test_median_of_an_even_number_of_answers_is_the_mean_of_the_two_middle() -> None:
    given = D(2027, 1, 1)
    due = D(2027, 12, 31)
    rows = [
        row(given, due, S.FOLLOWED, answered=given + datetime.timedelta(days=n))
        for n in (40, 2, 10, 3)
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert only.median_days == 6.5  # sorted 2, 3, 10, 40 → (3 + 10) / 2


def test_median_of_an_odd_number_is_the_middle_one() -> None:
    given = D(2027, 1, 1)
    rows = [
        row(given, D(2027, 12, 31), S.FOLLOWED, answered=given + datetime.timedelta(days=n))
        for n in (30, 5, 9)
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert only.median_days == 9.0


def test_acknowledgements_are_not_answers_and_implemented_is_counted_once() -> None:
    given = D(2027, 1, 1)
    due = D(2027, 2, 12)
    rows = [
        row(given, due, S.SENT),
        row(given, due, S.RECEIVED),
        row(given, due, S.CONSIDERING),
        row(given, due, S.FOLLOWED, answered=D(2027, 1, 20)),
        row(given, due, S.PARTLY, answered=D(2027, 1, 21)),
        row(given, due, S.NOT_FOLLOWED, answered=D(2027, 1, 22)),
        row(given, due, S.IMPLEMENTED, answered=D(2027, 1, 23)),
        row(given, due, S.IMPLEMENTED, answered=D(2027, 1, 24)),
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert (only.count, only.answered, only.pending, only.overdue) == (8, 5, 3, 3)
    assert (only.followed, only.partly, only.not_followed, only.implemented) == (1, 1, 1, 2)
    shares = [
        only.followed_share,
        only.partly_share,
        only.not_followed_share,
        only.implemented_share,
    ]
    assert shares == [0.2, 0.2, 0.2, 0.4]
    assert sum(s for s in shares if s is not None) == pytest.approx(1.0)
    assert only.answered_share == 5 / 8


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([], {}, id="no advice"),
        pytest.param(
            [row(D(2027, 1, 1), D(2027, 2, 12)), row(D(2027, 2, 1), D(2027, 3, 15))],
            {2027: (2, 0, 2, 0, None)},
            id="everything overdue",
        ),
        pytest.param(
            [row(D(2027, 1, 1), D(2027, 2, 12), S.FOLLOWED, D(2027, 2, 12))],
            {2027: (1, 1, 0, 1, 42.0)},
            id="answer on the due date",
        ),
        pytest.param(
            [row(D(2026, 12, 31), D(2027, 2, 11), S.PARTLY, D(2027, 1, 2))],
            {2026: (1, 1, 0, 1, 2.0)},
            id="year boundary",
        ),
        pytest.param(
            [row(D(2027, 3, 3), D(2027, 4, 14), S.IMPLEMENTED, D(2027, 3, 3))],
            {2027: (1, 1, 0, 1, 0.0)},
            id="same day",
        ),
        pytest.param(
            [
                row(D(2027, 1, 1), D(2027, 3, 1), S.FOLLOWED, D(2027, 1, 2)),
                row(D(2027, 1, 1), D(2027, 3, 1), S.FOLLOWED, D(2027, 1, 4)),
            ],
            {2027: (2, 2, 0, 2, 2.0)},
            id="even number of answers",
        ),
    ],
)
def test_figures_table(rows: list[AdviceRow], expected: dict[int, tuple[Any, ...]]) -> None:
    result = year_figures(rows, today=TODAY)
    got = {
        f.year: (f.count, f.answered, f.overdue, f.answered_on_time, f.median_days) for f in result
    }
    assert got == expected


def test_rows_may_be_values_dicts() -> None:
    rows = [
        {
            "given_on": D(2027, 1, 1),
            "due_on": D(2027, 2, 12),
            "status": "followed",
            "first_answer_on": D(2027, 1, 11),
        }
    ]
    (only,) = year_figures(rows, today=TODAY)
    assert (only.answered, only.median_days, only.followed) == (1, 10.0, 1)


def test_an_answered_status_without_a_first_answer_date_counts_as_answered_only() -> None:
    # Defensive: a status should never be an outcome without a date, but if it is, the
    # advice is answered without a number of days (and no crash).
    (only,) = year_figures([row(D(2027, 1, 1), D(2027, 2, 12), S.FOLLOWED)], today=TODAY)
    assert (only.answered, only.median_days, only.answered_on_time) == (1, None, 0)


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (None, "–"),
        (0.0, "0\u00a0%"),
        (2 / 3, "67\u00a0%"),
        (0.125, "13\u00a0%"),
        (1.0, "100\u00a0%"),
    ],
)
def test_percent_is_a_whole_number(share: float | None, shown: str) -> None:
    assert percent(share) == shown


@pytest.mark.parametrize(("value", "shown"), [(None, "–"), (0.0, "0"), (12.0, "12"), (6.5, "6,5")])
def test_days_use_a_norwegian_decimal_comma(value: float | None, shown: str) -> None:
    assert days(value) == shown


def make(arena: Any, given: datetime.date, status: str = S.SENT, **fields: Any) -> Advice:
    return Advice.objects.create(
        arena=arena,
        title="Råd",
        text="<p>Tekst</p>",
        addressee_kind=AddresseeKind.BODY,
        addressee_name="Kommunedirektøren",
        given_on=given,
        due_on=given + datetime.timedelta(days=42),
        status=status,
        **fields,
    )


@pytest.mark.django_db
def test_figures_for_a_queryset_take_one_query() -> None:
    service = ServiceFactory(name="Figurby kommune")
    arena = make_arena(service, name="Eldrerådet")
    other = make_arena(service, name="Ungdomsrådet")
    make(arena, D(2026, 11, 1), S.FOLLOWED, first_answer_on=D(2026, 11, 21))
    make(arena, D(2027, 1, 10))
    make(other, D(2027, 2, 1), S.NOT_FOLLOWED, first_answer_on=D(2027, 2, 2))
    with CaptureQueriesContext(connection) as queries:
        result = figures_for(Advice.objects.filter(arena=arena), today=TODAY)
    assert len(queries) == 1
    assert [(f.year, f.count, f.answered) for f in result.years] == [(2027, 1, 0), (2026, 1, 1)]
    assert isinstance(result.total, YearFigures)
    with CaptureQueriesContext(connection) as queries:
        total, per_arena = grouped_figures(Advice.objects.all(), "arena_id", today=TODAY)
    assert len(queries) == 1
    assert total.total.count == 3
    assert per_arena[arena.pk].total.count == 2
    assert per_arena[other.pk].total.median_days == 1.0
