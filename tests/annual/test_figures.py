"""The figures of a year, at the edges (issue 16: bad input and safety)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.annual.figures import vacancies, year_figures
from medvirk.followup.enums import AdviceStatus
from medvirk.people.models import TrainingRecord
from tests.annual.conftest import YEAR, AnnualWorld, d
from tests.followup.test_accountability_world import make_advice

pytestmark = pytest.mark.django_db


def figures(w: AnnualWorld, year: int = YEAR) -> dict:
    return year_figures(arena_id=w.arena.pk, service_id=None, year=year)


def test_a_year_with_no_meetings_counts_zero_and_keeps_the_composition(
    annual_world: AnnualWorld,
) -> None:
    f = figures(annual_world, 2024)
    assert f["meetings"] == {"held": 0, "planned": 0, "cancelled": 0}
    assert f["attendance"] == {"people": [], "organisations": []}
    assert f["cases"]["total"] == 0
    assert f["advice"]["count"] == 0
    assert f["advice"]["median_days"] is None
    assert [s["name"] for s in f["composition"]["seats"]] == ["Camilla Leder", "Dina Vara"]


def test_a_member_who_joined_and_left_in_the_same_year_is_listed_with_both_dates(
    annual_world: AnnualWorld,
) -> None:
    seats = {s["name"]: s for s in figures(annual_world)["composition"]["seats"]}
    assert (seats["Kort Tid"]["starts_on"], seats["Kort Tid"]["ends_on"]) == (
        "2025-03-01",
        "2025-06-30",
    )
    assert figures(annual_world)["composition"]["gender"]["members"] == {
        "female": 1,
        "male": 1,
        "other": 0,
        "not_stated": 1,
    }


def test_a_member_who_ended_early_ends_on_the_day_they_left(annual_world: AnnualWorld) -> None:
    seat = annual_world.short.memberships.get()
    seat.ended_on = d(5, 15)
    seat.save()
    seats = {s["name"]: s for s in figures(annual_world)["composition"]["seats"]}
    assert seats["Kort Tid"]["ends_on"] == "2025-05-15"


def test_deputies_who_attended_are_counted_apart(annual_world: AnnualWorld) -> None:
    attendance = figures(annual_world)["attendance"]
    people = {(p["name"], p["role"]): (p["invited"], p["present"]) for p in attendance["people"]}
    assert people[("Dina Vara", "deputy")] == (1, 1)
    assert people[("Camilla Leder", "member")] == (2, 1)
    organisations = {(o["role"]): (o["invited"], o["present"]) for o in attendance["organisations"]}
    assert organisations == {"member": (5, 3), "deputy": (1, 1)}


def test_a_vacancy_over_the_new_year_is_vacant_on_the_first_of_january(
    annual_world: AnnualWorld,
) -> None:
    lines = figures(annual_world)["composition"]["vacancies"]["members"]
    assert len(lines) == 1
    line = lines[0]
    # Three seats: the chair all year, "Sein Start" from 21 January, "Kort Tid" March–June.
    assert line["seats"] == 3
    assert line["at_start"] == 2
    assert line["at_end"] == 1
    # Seat-days: 3 × 365, filled 365 (chair) + 345 (from 21 January) + 122 (March–June).
    assert line["average"] == round((3 * 365 - 365 - 345 - 122) / 365, 1)


def test_vacancies_pure() -> None:
    periods = [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 14)),
        (datetime.date(2025, 1, 21), datetime.date(2026, 1, 1)),
    ]
    line = vacancies(1, periods, 2025)
    assert (line["at_start"], line["at_end"], line["average"]) == (1, 0, round(20 / 365, 1))


def test_advice_given_in_december_and_answered_in_january_counts_in_its_year(
    annual_world: AnnualWorld,
) -> None:
    make_advice(
        annual_world.arena,
        "Desemberrådet",
        d(12, 15),
        status=AdviceStatus.FOLLOWED,
        due_on=d(1, 26, 2026),
        first_answer_on=d(1, 10, 2026),
    )
    advice = figures(annual_world)["advice"]
    assert (advice["count"], advice["answered"], advice["followed"]) == (1, 1, 1)
    assert advice["answered_on_time"] == 1
    assert advice["median_days"] == 26.0
    assert figures(annual_world, 2026)["advice"]["count"] == 0


def test_cases_by_kind_and_proposer_count_closed_items(annual_world: AnnualWorld) -> None:
    cases = figures(annual_world)["cases"]
    assert cases["total"] == 2
    assert cases["closed"] == 1
    assert cases["by_kind"] == {"statement": 1, "discussion": 1}
    assert cases["by_proposer"] == {"secretariat": 2}


def test_training_completed_in_the_year_by_seat_holders(annual_world: AnnualWorld) -> None:
    TrainingRecord.objects.create(
        person=annual_world.chair, course_name="Kurs", completed_on=d(3, 3)
    )
    TrainingRecord.objects.create(
        person=annual_world.chair, course_name="Kurs", completed_on=d(3, 3, 2024)
    )
    assert figures(annual_world)["training"] == {"records": 1, "people": 1}


def test_the_figures_take_a_fixed_number_of_statements(annual_world: AnnualWorld) -> None:
    with CaptureQueriesContext(connection) as context:
        figures(annual_world)
    first = len(context)
    make_advice(annual_world.arena, "Ett til", d(6, 1))
    TrainingRecord.objects.create(
        person=annual_world.deputy, course_name="Kurs", completed_on=d(3, 3)
    )
    with CaptureQueriesContext(connection) as context:
        figures(annual_world)
    assert len(context) == first <= 12


def test_no_compensation_approved_means_no_compensation_figures(
    annual_world: AnnualWorld,
) -> None:
    assert figures(annual_world)["compensation"] is None
