"""The arithmetic of compensation, pure: no database, no clock, money as Decimal.

A claim's lines follow from the rates valid on the meeting's day (:class:`Rates`), what
the attendance says (:class:`Presence`) and what the claimant adds (:class:`Trip`,
:class:`LostEarnings`). Each :class:`Line` says what is paid and why (``rule``, shown
by the claim's page in the reader's language). The rules, by regime:

- Health trust: an hourly fee for the meeting's actual time, rounded to the nearest half
  hour (a quarter past rounds up), at least one hour when attending in person; optional
  preparation hours per meeting at the same fee.
- Municipal: a fee per meeting (or none per meeting when the fee is per year: see
  :func:`annual_fee`); lost earnings documented (up to a maximum per day, over all the
  day's meetings) or undocumented (a fixed sum per day or per evening).
- State: as municipal for fees, travel at the state's per-kilometre rate, and meal
  allowances (kostgodtgjøring) at the state's rates: nothing for a journey under six
  hours, one sum for 6 to 12 hours, a higher one over 12 hours, and a sum per night
  when the journey has overnight stays (then per night instead of by hours).

In every regime: absent means nothing; chair and deputy-chair supplements are a
percentage of the fee lines; digital attendance is paid at ``digital_percent`` of the
fee (without the one-hour minimum); a called-in deputy is paid like a member or at
``deputy_percent``; travel is paid when the distance is above the minimum (kilometres ×
rate) and tickets at their amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from medvirk.compensation.enums import FeeBasis, LineKind, Regime, SeatRole

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
HALF_HOUR_MINUTES = 30


def money(value: Decimal) -> Decimal:
    """Kroner with two decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rates:
    regime: str
    hourly_fee: Decimal = ZERO
    preparation_hours: Decimal = ZERO
    meeting_fee: Decimal = ZERO
    fee_basis: str = FeeBasis.PER_MEETING
    annual_fee: Decimal = ZERO
    chair_supplement_percent: Decimal = ZERO
    deputy_chair_supplement_percent: Decimal = ZERO
    digital_percent: Decimal = HUNDRED
    deputy_paid_as_member: bool = True
    deputy_percent: Decimal = HUNDRED
    lost_earnings_max_per_day: Decimal = ZERO
    lost_earnings_fixed_day: Decimal = ZERO
    lost_earnings_fixed_evening: Decimal = ZERO
    travel_min_km: Decimal = ZERO
    km_rate: Decimal = ZERO
    allowance_6_12_hours: Decimal = ZERO
    allowance_over_12_hours: Decimal = ZERO
    allowance_per_night: Decimal = ZERO


@dataclass(frozen=True)
class Presence:
    present: bool
    minutes: int
    digital: bool = False
    seat: str = SeatRole.MEMBER
    called_in_deputy: bool = False


@dataclass(frozen=True)
class Trip:
    km: Decimal | None = None
    ticket: Decimal | None = None


@dataclass(frozen=True)
class LostEarnings:
    documented: bool
    amount: Decimal = ZERO  # documented: what the confirmation shows
    evening: bool = False  # undocumented: the evening sum instead of the day's


@dataclass(frozen=True)
class Allowance:
    hours: Decimal = ZERO  # the journey's length, door to door
    nights: int = 0  # nights away; when above 0, paid per night instead of by hours


ALLOWANCE_MIN_HOURS = Decimal(6)
ALLOWANCE_LONG_HOURS = Decimal(12)


@dataclass(frozen=True)
class Line:
    kind: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    rule: str  # why, for the page: see LINE_RULES in templatetags/compensation.py
    input_index: int | None = None  # which Trip / LostEarnings it pays


@dataclass
class Result:
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), ZERO))


def rounded_hours(minutes: int) -> Decimal:
    """Meeting time in hours to the nearest half hour; a quarter past rounds up."""
    if minutes <= 0:
        return ZERO
    half_hours = (minutes + HALF_HOUR_MINUTES // 2) // HALF_HOUR_MINUTES
    return Decimal(half_hours) / 2


def _fee_factor(rates: Rates, presence: Presence) -> tuple[Decimal, str]:
    """The share of a member's fee this attendance earns (percent as a fraction), and
    the rule that decides it."""
    factor, rule = Decimal(1), ""
    if presence.called_in_deputy and not rates.deputy_paid_as_member:
        factor, rule = rates.deputy_percent / HUNDRED, "deputy_percent"
    if presence.digital:
        factor *= rates.digital_percent / HUNDRED
        rule = "digital"
    return factor, rule


def fee_lines(rates: Rates, presence: Presence) -> list[Line]:
    """Meeting fee, preparation and supplements for one attendance."""
    if not presence.present:
        return []
    factor, factor_rule = _fee_factor(rates, presence)
    lines: list[Line] = []
    if rates.regime == Regime.HEALTH_TRUST:
        hours = rounded_hours(presence.minutes)
        rule = factor_rule or "hours_rounded"
        if not presence.digital and hours < 1:
            hours, rule = Decimal(1), "minimum_hour"
        rate = money(rates.hourly_fee * factor)
        lines.append(Line(LineKind.FEE, hours, rate, money(hours * rate), rule))
        if rates.preparation_hours > 0:
            hours = rates.preparation_hours
            lines.append(
                Line(LineKind.PREPARATION, hours, rate, money(hours * rate), "preparation")
            )
    elif rates.fee_basis == FeeBasis.PER_MEETING:
        rate = money(rates.meeting_fee * factor)
        lines.append(Line(LineKind.FEE, Decimal(1), rate, rate, factor_rule or "per_meeting"))
    else:
        lines.append(Line(LineKind.FEE, Decimal(1), ZERO, ZERO, "per_year"))
    percent = {
        SeatRole.CHAIR: rates.chair_supplement_percent,
        SeatRole.DEPUTY_CHAIR: rates.deputy_chair_supplement_percent,
    }.get(presence.seat, ZERO)  # type: ignore[call-overload]
    base = sum((line.amount for line in lines), ZERO)
    if percent > 0 and base > 0:
        lines.append(
            Line(
                LineKind.SUPPLEMENT,
                percent,
                base,
                money(base * percent / HUNDRED),
                f"supplement_{presence.seat}",
            )
        )
    return lines


def travel_line(rates: Rates, trip: Trip, *, index: int | None = None) -> Line:
    if trip.ticket is not None:
        amount = money(trip.ticket)
        return Line(LineKind.TRAVEL, Decimal(1), amount, amount, "ticket", index)
    km = trip.km or ZERO
    if km <= rates.travel_min_km:
        return Line(LineKind.TRAVEL, km, rates.km_rate, ZERO, "below_minimum_km", index)
    rule = "state_km" if rates.regime == Regime.STATE else "km"
    return Line(LineKind.TRAVEL, km, rates.km_rate, money(km * rates.km_rate), rule, index)


def lost_earnings_line(
    rates: Rates, lost: LostEarnings, *, paid_same_day: Decimal = ZERO, index: int | None = None
) -> Line:
    """Lost earnings for one meeting; ``paid_same_day``: what other claims of the same
    person already pay for the same day (the maximum is per day, not per meeting)."""
    if lost.documented:
        room = max(rates.lost_earnings_max_per_day - paid_same_day, ZERO)
        amount = money(min(lost.amount, room))
        rule = "documented" if amount == money(lost.amount) else "daily_maximum"
        return Line(LineKind.LOST_EARNINGS, Decimal(1), amount, amount, rule, index)
    fixed = rates.lost_earnings_fixed_evening if lost.evening else rates.lost_earnings_fixed_day
    amount = money(min(fixed, max(rates.lost_earnings_max_per_day - paid_same_day, ZERO)))
    if rates.lost_earnings_max_per_day <= 0:  # no daily maximum set: the fixed sum
        amount = money(fixed)
    rule = "undocumented_evening" if lost.evening else "undocumented_day"
    if amount < money(fixed):
        rule = "daily_maximum"
    return Line(LineKind.LOST_EARNINGS, Decimal(1), amount, amount, rule, index)


def allowance_line(rates: Rates, allowance: Allowance, *, index: int | None = None) -> Line:
    """Meal allowance at the state's rates; only the state regime pays it."""
    kind = LineKind.ALLOWANCE
    if rates.regime != Regime.STATE:
        return Line(kind, Decimal(1), ZERO, ZERO, "allowance_not_in_regime", index)
    if allowance.nights > 0:
        nights = Decimal(allowance.nights)
        rate = rates.allowance_per_night
        return Line(kind, nights, rate, money(nights * rate), "allowance_nights", index)
    hours = allowance.hours
    if hours < ALLOWANCE_MIN_HOURS:
        return Line(kind, hours, ZERO, ZERO, "allowance_under_6", index)
    if hours <= ALLOWANCE_LONG_HOURS:
        rate = rates.allowance_6_12_hours
        return Line(kind, hours, rate, money(rate), "allowance_6_12", index)
    rate = rates.allowance_over_12_hours
    return Line(kind, hours, rate, money(rate), "allowance_over_12", index)


def calculate(
    rates: Rates,
    presence: Presence,
    *,
    trips: list[Trip] | tuple[Trip, ...] = (),
    lost_earnings: list[LostEarnings] | tuple[LostEarnings, ...] = (),
    lost_paid_same_day: Decimal = ZERO,
    allowances: list[Allowance] | tuple[Allowance, ...] = (),
) -> Result:
    """Every line of one claim. Absent: nothing at all."""
    if not presence.present:
        return Result()
    result = Result(fee_lines(rates, presence))
    for index, trip in enumerate(trips):
        result.lines.append(travel_line(rates, trip, index=index))
    paid = lost_paid_same_day
    for index, lost in enumerate(lost_earnings):
        line = lost_earnings_line(rates, lost, paid_same_day=paid, index=index)
        paid += line.amount
        result.lines.append(line)
    for index, allowance in enumerate(allowances):
        result.lines.append(allowance_line(rates, allowance, index=index))
    return result


def annual_fee(rates: Rates, *, seat: str = SeatRole.MEMBER) -> Decimal:
    """A municipal fee per year with the chair's or deputy chair's supplement."""
    if rates.fee_basis != FeeBasis.PER_YEAR:
        return ZERO
    percent = {
        SeatRole.CHAIR: rates.chair_supplement_percent,
        SeatRole.DEPUTY_CHAIR: rates.deputy_chair_supplement_percent,
    }.get(seat, ZERO)  # type: ignore[call-overload]
    return money(rates.annual_fee * (HUNDRED + percent) / HUNDRED)
