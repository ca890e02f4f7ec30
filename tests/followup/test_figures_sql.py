"""The figures counted by the database (followup/figures.py, "In the database") equal the
pure-Python figures, which are the specification: the edge cases of test_figures.py and
random advice from a seeded generator. Runs on the test database's engine: SQLite in
``make test``'s first run, PostgreSQL (``percentile_cont``) in its second."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.arenas.models import Arena
from medvirk.followup.enums import ANSWERED, AddresseeKind, AdviceStatus
from medvirk.followup.figures import (
    AdviceRow,
    Figures,
    Summary,
    figures,
    figures_for,
    grouped_figures,
    summarise,
    year_summaries,
)
from medvirk.followup.models import Advice
from medvirk.followup.visibility import public_advice
from tests.arenas.conftest import make_arena
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = AdviceStatus
TODAY = D(2026, 3, 15)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@dataclass
class Scene:
    services: list[Any]
    arenas: list[Arena]  # the last one is private


@pytest.fixture
def scene(db: Any) -> Scene:
    first = ServiceFactory(name="Tallby kommune")
    second = ServiceFactory(name="Regneby kommune")
    arenas = [
        make_arena(first, name="Eldrerådet i Tallby"),
        make_arena(first, name="Ungdomsrådet i Tallby"),
        make_arena(second, name="Brukerutvalget i Regneby"),
        make_arena(first, name="Lukket gruppe i Tallby", is_public=False),
    ]
    return Scene(services=[first, second], arenas=arenas)


def store(arena: Arena, rows: Iterable[AdviceRow], *, is_public: bool = True) -> list[Advice]:
    return Advice.objects.bulk_create(
        Advice(
            arena=arena,
            title=f"Råd {n}",
            text="<p>Råd.</p>",
            addressee_kind=AddresseeKind.BODY,
            addressee_name="Kommunedirektøren",
            given_on=row.given_on,
            due_on=row.due_on,
            status=row.status,
            first_answer_on=row.first_answer_on,
            is_public=is_public,
        )
        for n, row in enumerate(rows)
    )


def row_of(advice: Advice) -> AdviceRow:
    return AdviceRow(advice.given_on, advice.due_on, advice.status, advice.first_answer_on)


def row(
    given: datetime.date, due: datetime.date, status: str = S.SENT, answered: D | None = None
) -> AdviceRow:
    return AdviceRow(given_on=given, due_on=due, status=status, first_answer_on=answered)


# --- The edge cases of test_figures.py, counted by the database --------------------------

EDGE_CASES = {
    "no advice": [],
    "everything overdue": [
        row(D(2026, 1, 10), D(2026, 2, 21)),
        row(D(2026, 2, 1), D(2026, 3, 14), S.RECEIVED),
        row(D(2026, 1, 1), D(2026, 2, 12), S.CONSIDERING),
    ],
    "not overdue on the due date": [row(D(2026, 2, 1), TODAY)],
    "answer on the due date and a day later": [
        row(D(2026, 1, 18), D(2026, 3, 1), S.FOLLOWED, D(2026, 3, 1)),
        row(D(2026, 1, 18), D(2026, 3, 1), S.PARTLY, D(2026, 3, 2)),
    ],
    "year boundary": [
        row(D(2025, 12, 30), D(2026, 2, 10), S.FOLLOWED, D(2026, 1, 10)),
        row(D(2026, 1, 5), D(2026, 2, 16)),
    ],
    "same day": [row(D(2026, 3, 3), D(2026, 4, 14), S.IMPLEMENTED, D(2026, 3, 3))],
    "even number of answers": [
        row(D(2026, 1, 1), D(2026, 12, 31), S.FOLLOWED, D(2026, 1, 1) + days(n))
        for n in (40, 2, 10, 3)
    ],
    "odd number of answers": [
        row(D(2026, 1, 1), D(2026, 12, 31), S.FOLLOWED, D(2026, 1, 1) + days(n)) for n in (30, 5, 9)
    ],
    "acknowledgements and implemented": [
        row(D(2026, 1, 1), D(2026, 2, 12), status, answered)
        for status, answered in [
            (S.SENT, None),
            (S.RECEIVED, None),
            (S.CONSIDERING, None),
            (S.FOLLOWED, D(2026, 1, 20)),
            (S.PARTLY, D(2026, 1, 21)),
            (S.NOT_FOLLOWED, D(2026, 1, 22)),
            (S.IMPLEMENTED, D(2026, 1, 23)),
            (S.IMPLEMENTED, D(2026, 1, 24)),
        ]
    ],
    "answered without a first answer date": [row(D(2026, 1, 1), D(2026, 2, 12), S.FOLLOWED)],
    "a first answer date on an unanswered advice is ignored": [
        row(D(2026, 1, 1), D(2026, 2, 12), S.CONSIDERING, D(2026, 1, 5))
    ],
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_the_database_counts_the_edge_cases_as_python_does(scene: Scene, case: str) -> None:
    rows = EDGE_CASES[case]
    store(scene.arenas[0], rows)
    counted = figures_for(Advice.objects.all(), TODAY)
    assert counted == figures(rows, today=TODAY)


def test_no_advice_is_the_empty_figures(db: Any) -> None:
    assert figures_for(Advice.objects.none(), TODAY) == Figures.empty()
    assert figures_for(Advice.objects.all(), TODAY) == Figures.empty()
    assert grouped_figures(Advice.objects.all(), "arena_id", TODAY) == (Figures.empty(), {})
    assert year_summaries(Advice.objects.all(), "arena_id", year=2026, today=TODAY) == {}


# --- Random advice, seeded ----------------------------------------------------------------


def random_rows(rng: random.Random, n: int) -> list[AdviceRow]:
    """Advice over three years around TODAY with every status, due dates before, on and
    after today, answers before, on and after the due date, and the odd cases."""
    rows = []
    for _ in range(n):
        given = D(2024, 11, 1) + days(rng.randint(0, 560))
        due = TODAY if rng.random() < 0.1 else given + days(rng.randint(1, 60))
        status = rng.choice(S.values)
        answered: datetime.date | None = None
        if status in ANSWERED:
            if rng.random() < 0.9:  # else an answer without a date (defensive case)
                answered = given + days(rng.choice([0, 1, 7, 14, 42, 43, 60, 120]))
        elif rng.random() < 0.05:
            answered = given + days(3)  # ignored: not an answer
        rows.append(row(given, due, status, answered))
    return rows


def python_figures_by(
    advice: Iterable[Advice], key: Any
) -> tuple[Figures, dict[Any, Figures], list[AdviceRow]]:
    rows: list[AdviceRow] = []
    groups: dict[Any, list[AdviceRow]] = defaultdict(list)
    for item in advice:
        rows.append(row_of(item))
        groups[key(item)].append(row_of(item))
    return (
        figures(rows, today=TODAY),
        {group: figures(members, today=TODAY) for group, members in groups.items()},
        rows,
    )


@pytest.mark.parametrize("seed", range(8))
def test_random_advice_gives_the_same_figures_in_the_database_and_in_python(
    scene: Scene, seed: int
) -> None:
    rng = random.Random(seed)
    stored: list[Advice] = []
    for arena in scene.arenas:
        count = rng.choice([0, 1, 2, 7, 30])
        stored += store(arena, random_rows(rng, count), is_public=rng.random() < 0.9)
        stored += store(arena, random_rows(rng, rng.randint(0, 4)), is_public=False)
    visible = [a for a in stored if a.is_public and a.arena.is_public]

    # One arena, as on its page.
    arena = scene.arenas[0]
    mine = [a for a in visible if a.arena_id == arena.pk]
    assert figures_for(public_advice().filter(arena=arena), TODAY) == figures(
        [row_of(a) for a in mine], today=TODAY
    )

    # A service per arena, as on its page: per year and per arena, with and without the
    # arenas' years.
    service = scene.services[0]
    theirs = [a for a in visible if a.arena.owner_id == service.pk]
    overall, per_arena, _ = python_figures_by(theirs, lambda a: a.arena_id)
    in_service = public_advice().filter(arena__owner=service)
    assert grouped_figures(in_service, "arena_id", TODAY) == (overall, per_arena)
    totals_only = {pk: Figures(years=[], total=f.total) for pk, f in per_arena.items()}
    assert grouped_figures(in_service, "arena_id", TODAY, group_years=False) == (
        overall,
        totals_only,
    )

    # The index: every service, all its advice and one year's figures.
    for year in (2025, 2026):
        expected = {}
        for owner, members in _by_owner(visible).items():
            in_year = [row_of(a) for a in members if a.given_on.year == year]
            expected[owner] = Summary(
                advice_count=len(members), year=summarise(in_year, today=TODAY, year=year)
            )
        counted = year_summaries(public_advice(), "arena__owner_id", year=year, today=TODAY)
        assert counted == expected


def _by_owner(advice: Iterable[Advice]) -> dict[int, list[Advice]]:
    owners: dict[int, list[Advice]] = defaultdict(list)
    for item in advice:
        owners[item.arena.owner_id].append(item)
    return owners


def test_each_table_of_figures_is_one_query(scene: Scene) -> None:
    store(scene.arenas[0], random_rows(random.Random(1), 20))
    store(scene.arenas[2], random_rows(random.Random(2), 20))
    calls = [
        lambda: figures_for(public_advice(), TODAY),
        lambda: grouped_figures(public_advice(), "arena_id", TODAY),
        lambda: grouped_figures(public_advice(), "arena__owner_id", TODAY, group_years=False),
        lambda: year_summaries(public_advice(), "arena__owner_id", year=2026, today=TODAY),
    ]
    for call in calls:
        with CaptureQueriesContext(connection) as queries:
            call()
        assert len(queries) == 1


def test_the_median_is_the_mean_of_the_two_middle_values_in_the_database(scene: Scene) -> None:
    given = D(2026, 1, 1)
    store(
        scene.arenas[0],
        [row(given, D(2026, 12, 31), S.FOLLOWED, given + days(n)) for n in (40, 2, 10, 3)],
    )
    assert figures_for(Advice.objects.all(), TODAY).total.median_days == 6.5
    store(scene.arenas[0], [row(given, D(2026, 12, 31), S.PARTLY, given + days(100))])
    assert figures_for(Advice.objects.all(), TODAY).total.median_days == 10.0
