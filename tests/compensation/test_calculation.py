"""Every rule of calculation.py, table-driven, with money as Decimal."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from medvirk.compensation.calculation import (
    Allowance,
    LostEarnings,
    Presence,
    Rates,
    Trip,
    allowance_line,
    annual_fee,
    calculate,
    lost_earnings_line,
    rounded_hours,
    travel_line,
)
from medvirk.compensation.enums import FeeBasis, LineKind, Regime, SeatRole

HEALTH = Rates(
    regime=Regime.HEALTH_TRUST,
    hourly_fee=D("500.00"),
    chair_supplement_percent=D("50"),
    deputy_chair_supplement_percent=D("25"),
    digital_percent=D("50"),
    travel_min_km=D("10"),
    km_rate=D("3.50"),
)
MUNICIPAL = Rates(
    regime=Regime.MUNICIPAL,
    meeting_fee=D("1200.00"),
    lost_earnings_max_per_day=D("2500.00"),
    lost_earnings_fixed_day=D("1000.00"),
    lost_earnings_fixed_evening=D("400.00"),
    travel_min_km=D("6"),
    km_rate=D("4.48"),
    deputy_paid_as_member=False,
    deputy_percent=D("80"),
)


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [
        (0, D("0")),
        (14, D("0")),
        (15, D("0.5")),
        (44, D("0.5")),
        (45, D("1")),
        (74, D("1")),
        (75, D("1.5")),
        (104, D("1.5")),
        (105, D("2")),
        (120, D("2")),
        (134, D("2")),
        (135, D("2.5")),
    ],
)
def test_meeting_time_rounds_to_the_nearest_half_hour(minutes: int, hours: D) -> None:
    assert rounded_hours(minutes) == hours


@pytest.mark.parametrize(
    ("presence", "quantity", "amount", "rule"),
    [
        # Rounding at the boundaries.
        (Presence(present=True, minutes=104), D("1.5"), D("750.00"), "hours_rounded"),
        (Presence(present=True, minutes=105), D("2"), D("1000.00"), "hours_rounded"),
        # At least one hour in person.
        (Presence(present=True, minutes=20), D("1"), D("500.00"), "minimum_hour"),
        (Presence(present=True, minutes=60), D("1"), D("500.00"), "hours_rounded"),
        # Digital: half the fee, no minimum hour.
        (Presence(present=True, minutes=20, digital=True), D("0.5"), D("125.00"), "digital"),
        (Presence(present=True, minutes=120, digital=True), D("2"), D("500.00"), "digital"),
    ],
)
def test_health_trust_fee(presence: Presence, quantity: D, amount: D, rule: str) -> None:
    (line,) = calculate(HEALTH, presence).lines

    assert (line.kind, line.quantity, line.amount, line.rule) == (
        LineKind.FEE,
        quantity,
        amount,
        rule,
    )


@pytest.mark.parametrize("rates", [HEALTH, MUNICIPAL])
def test_absent_is_paid_nothing_even_with_travel(rates: Rates) -> None:
    result = calculate(
        rates,
        Presence(present=False, minutes=180),
        trips=[Trip(km=D("50"))],
        lost_earnings=[LostEarnings(documented=False)],
    )

    assert result.lines == []
    assert result.total == D("0.00")


def test_preparation_time_is_paid_at_the_hourly_fee() -> None:
    rates = Rates(regime=Regime.HEALTH_TRUST, hourly_fee=D("500"), preparation_hours=D("1.5"))

    lines = calculate(rates, Presence(present=True, minutes=120)).lines

    assert [(line.kind, line.amount) for line in lines] == [
        (LineKind.FEE, D("1000.00")),
        (LineKind.PREPARATION, D("750.00")),
    ]


@pytest.mark.parametrize(
    ("seat", "supplement"),
    [
        (SeatRole.CHAIR, D("500.00")),
        (SeatRole.DEPUTY_CHAIR, D("250.00")),
        (SeatRole.MEMBER, None),
        (SeatRole.DEPUTY, None),
    ],
)
def test_chair_and_deputy_chair_supplements(seat: str, supplement: D | None) -> None:
    lines = calculate(HEALTH, Presence(present=True, minutes=120, seat=seat)).lines

    found = [line.amount for line in lines if line.kind == LineKind.SUPPLEMENT]
    assert found == ([] if supplement is None else [supplement])


@pytest.mark.parametrize(
    ("rates", "called_in", "amount", "rule"),
    [
        (MUNICIPAL, False, D("1200.00"), "per_meeting"),
        (MUNICIPAL, True, D("960.00"), "deputy_percent"),
        (Rates(regime=Regime.MUNICIPAL, meeting_fee=D("1200")), True, D("1200.00"), "per_meeting"),
    ],
)
def test_called_in_deputy(rates: Rates, called_in: bool, amount: D, rule: str) -> None:
    presence = Presence(present=True, minutes=90, seat=SeatRole.DEPUTY, called_in_deputy=called_in)

    (line,) = calculate(rates, presence).lines

    assert (line.amount, line.rule) == (amount, rule)


def test_a_rate_change_between_two_meetings_pays_each_at_its_own_rate() -> None:
    before = HEALTH
    after = Rates(regime=Regime.HEALTH_TRUST, hourly_fee=D("550.00"))

    first = calculate(before, Presence(present=True, minutes=120)).total
    second = calculate(after, Presence(present=True, minutes=120)).total

    assert (first, second) == (D("1000.00"), D("1100.00"))


def test_municipal_fee_per_year_pays_nothing_per_meeting() -> None:
    rates = Rates(
        regime=Regime.MUNICIPAL,
        fee_basis=FeeBasis.PER_YEAR,
        annual_fee=D("20000"),
        chair_supplement_percent=D("50"),
    )

    lines = calculate(rates, Presence(present=True, minutes=90, seat=SeatRole.CHAIR)).lines

    assert [(line.amount, line.rule) for line in lines] == [(D("0"), "per_year")]
    assert annual_fee(rates, seat=SeatRole.CHAIR) == D("30000.00")
    assert annual_fee(rates) == D("20000.00")
    assert annual_fee(MUNICIPAL) == D("0")


@pytest.mark.parametrize(
    ("trip", "amount", "rule"),
    [
        (Trip(km=D("6")), D("0.00"), "below_minimum_km"),
        (Trip(km=D("6.1")), D("27.33"), "km"),
        (Trip(km=D("40")), D("179.20"), "km"),
        (Trip(ticket=D("89.50")), D("89.50"), "ticket"),
    ],
)
def test_travel_above_the_minimum_distance(trip: Trip, amount: D, rule: str) -> None:
    line = travel_line(MUNICIPAL, trip)

    assert (line.amount, line.rule) == (amount, rule)


def test_state_travel_at_the_state_rate() -> None:
    rates = Rates(regime=Regime.STATE, meeting_fee=D("800"), km_rate=D("5.30"))

    line = travel_line(rates, Trip(km=D("100")))

    assert (line.amount, line.rule) == (D("530.00"), "state_km")


@pytest.mark.parametrize(
    ("lost", "paid_before", "amount", "rule"),
    [
        (LostEarnings(documented=True, amount=D("1800")), D("0"), D("1800.00"), "documented"),
        (LostEarnings(documented=True, amount=D("2500")), D("0"), D("2500.00"), "documented"),
        (LostEarnings(documented=True, amount=D("2500.01")), D("0"), D("2500.00"), "daily_maximum"),
        # A second meeting the same day: the maximum is per day.
        (LostEarnings(documented=True, amount=D("1800")), D("1800"), D("700.00"), "daily_maximum"),
        (LostEarnings(documented=True, amount=D("100")), D("2500"), D("0.00"), "daily_maximum"),
        (LostEarnings(documented=False), D("0"), D("1000.00"), "undocumented_day"),
        (LostEarnings(documented=False, evening=True), D("0"), D("400.00"), "undocumented_evening"),
        (LostEarnings(documented=False), D("2000"), D("500.00"), "daily_maximum"),
    ],
)
def test_lost_earnings(lost: LostEarnings, paid_before: D, amount: D, rule: str) -> None:
    line = lost_earnings_line(MUNICIPAL, lost, paid_same_day=paid_before)

    assert (line.amount, line.rule) == (amount, rule)


def test_two_lost_earnings_lines_in_one_claim_share_the_daily_maximum() -> None:
    result = calculate(
        MUNICIPAL,
        Presence(present=True, minutes=60),
        lost_earnings=[
            LostEarnings(documented=True, amount=D("2000")),
            LostEarnings(documented=True, amount=D("2000")),
        ],
    )

    assert [line.amount for line in result.lines] == [D("1200.00"), D("2000.00"), D("500.00")]
    assert result.total == D("3700.00")


STATE = Rates(
    regime=Regime.STATE,
    meeting_fee=D("800"),
    km_rate=D("4.90"),
    allowance_6_12_hours=D("360"),
    allowance_over_12_hours=D("700"),
    allowance_per_night=D("950"),
)


@pytest.mark.parametrize(
    ("allowance", "quantity", "amount", "rule"),
    [
        (Allowance(hours=D("5.9")), D("5.9"), D("0.00"), "allowance_under_6"),
        (Allowance(hours=D("6")), D("6"), D("360.00"), "allowance_6_12"),
        (Allowance(hours=D("12")), D("12"), D("360.00"), "allowance_6_12"),
        (Allowance(hours=D("12.1")), D("12.1"), D("700.00"), "allowance_over_12"),
        # With nights away the allowance is per night, whatever the hours.
        (Allowance(hours=D("4"), nights=2), D("2"), D("1900.00"), "allowance_nights"),
    ],
)
def test_state_meal_allowance_by_the_journeys_length(
    allowance: Allowance, quantity: D, amount: D, rule: str
) -> None:
    line = allowance_line(STATE, allowance)

    assert (line.kind, line.quantity, line.amount, line.rule) == (
        LineKind.ALLOWANCE,
        quantity,
        amount,
        rule,
    )


@pytest.mark.parametrize("rates", [HEALTH, MUNICIPAL])
def test_only_the_state_regime_pays_meal_allowances(rates: Rates) -> None:
    line = allowance_line(rates, Allowance(hours=D("14")))

    assert (line.amount, line.rule) == (D("0"), "allowance_not_in_regime")


def test_a_state_claim_adds_fee_travel_and_allowance() -> None:
    result = calculate(
        STATE,
        Presence(present=True, minutes=180),
        trips=[Trip(km=D("120"))],
        allowances=[Allowance(hours=D("8"))],
    )

    assert [line.kind for line in result.lines] == [
        LineKind.FEE,
        LineKind.TRAVEL,
        LineKind.ALLOWANCE,
    ]
    assert result.total == D("800") + D("588.00") + D("360.00")
