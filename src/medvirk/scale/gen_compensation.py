"""Compensation at national scale (C9): every service's scheme with a rate history, the
state's kilometre rates, and the representative persona's claims in every state.

Every service gets a scheme by its kind (health trusts: hourly fee; kommuner and
fylkeskommuner: fee per meeting and lost earnings; the rest: the state's rates) with two
dated rate rows (the older one two years back, so meetings on both sides of a change
exist). The representative persona's attendances recorded as present (gen_minutes
records them in ``ctx.persona_attended``) get claims: in the largest service (the hub,
whose secretariat persona approves and, with the payroll role, exports) oldest first
paid (the oldest, in one exported period), then approved with the travel line rejected, sent back, sent;
in the other services approved, sent, sent back and draft in turn. The two most recent
attendances elsewhere are left without a claim: "Mine krav" makes their drafts when it opens.
Lines are computed by calculation.py from the rates in force on the meeting's day.
The persona's payment details are stored encrypted when field keys are configured.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from medvirk.accounts.enums import RoleKind
from medvirk.compensation import calculation, crypto
from medvirk.compensation.enums import (
    DEFAULT_COLUMNS,
    ClaimStatus,
    LineStatus,
    Regime,
    SeatRole,
)
from medvirk.compensation.models import (
    Claim,
    ClaimLine,
    PaymentDetails,
    PayrollExport,
    Rate,
    Scheme,
    StateRate,
)
from medvirk.directory.enums import ServiceKind
from medvirk.scale.gen_directory import add_role
from medvirk.scale.gen_plan import OSLO, Ctx
from medvirk.scale.gen_records import PersonaAttendance

# Left without a claim: "Mine krav" makes their drafts (the lazy path is measured too).
UNCLAIMED_RECENT = 2
HUB_TURNS = (ClaimStatus.APPROVED, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)
PRIORITY = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.RETURNED)
IN_TIME = (ClaimStatus.PAID, ClaimStatus.APPROVED, ClaimStatus.RETURNED, ClaimStatus.SUBMITTED)
OTHER_TURNS = (
    ClaimStatus.APPROVED,
    ClaimStatus.SUBMITTED,
    ClaimStatus.RETURNED,
    ClaimStatus.DRAFT,
)
TRAVEL_KM = Decimal(42)
# An invented, valid identity number and account number (stdnum checks pass).
PERSONA_NIN = "01018000055"
PERSONA_ACCOUNT = "86011117947"


def _regime(service_kind: str) -> str:
    if service_kind in (ServiceKind.HELSEFORETAK, ServiceKind.RHF):
        return Regime.HEALTH_TRUST
    if service_kind in (ServiceKind.KOMMUNE, ServiceKind.FYLKESKOMMUNE):
        return Regime.MUNICIPAL
    return Regime.STATE


def _rate_values(regime: str, *, newer: bool) -> dict[str, Any]:
    step = Decimal(100) if newer else Decimal(0)
    if regime == Regime.HEALTH_TRUST:
        return {
            "hourly_fee": Decimal(500) + step,
            "preparation_hours": Decimal(1),
            "chair_supplement_percent": Decimal(25),
            "travel_min_km": Decimal(0),
            "km_rate": Decimal("3.50") + step / 400,
        }
    if regime == Regime.MUNICIPAL:
        return {
            "meeting_fee": Decimal(1100) + step,
            "chair_supplement_percent": Decimal(50),
            "lost_earnings_max_per_day": Decimal(2500),
            "lost_earnings_fixed_day": Decimal(900),
            "lost_earnings_fixed_evening": Decimal(450),
            "travel_min_km": Decimal(10),
            "km_rate": Decimal("3.50") + step / 400,
        }
    return {"meeting_fee": Decimal(900) + step}


def _state_rates(today: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    return [
        (datetime.date(today.year - 2, 1, 1), Decimal("4.48")),
        (datetime.date(today.year, 1, 1), Decimal("4.90")),
    ]


@dataclass
class _Scheme:
    regime: str
    rows: list[tuple[datetime.date, dict[str, Any]]]  # newest last


class Tables:
    def __init__(self, ctx: Ctx) -> None:
        w = ctx.w
        self.state_rate = w.table(StateRate, ("id", "valid_from", "km_rate"))
        self.scheme = w.table(
            Scheme,
            (
                "id",
                "organisation_id",
                "regime",
                "columns",
                "pay_code_fee",
                "pay_code_preparation",
                "pay_code_supplement",
                "pay_code_lost_earnings",
                "pay_code_travel",
            ),
        )
        self.rate_columns = (
            "hourly_fee",
            "preparation_hours",
            "meeting_fee",
            "chair_supplement_percent",
            "lost_earnings_max_per_day",
            "lost_earnings_fixed_day",
            "lost_earnings_fixed_evening",
            "travel_min_km",
            "km_rate",
        )
        self.rate = w.table(Rate, ("id", "scheme_id", "valid_from", *self.rate_columns))
        self.export = w.table(
            PayrollExport,
            (
                "id",
                "organisation_id",
                "period_start",
                "period_end",
                "created_at",
                "created_by_id",
                "claim_count",
                "total",
            ),
        )
        self.claim = w.table(
            Claim,
            (
                "id",
                "person_id",
                "attendance_id",
                "meeting_id",
                "organisation_id",
                "status",
                "seat",
                "minutes",
                "total",
                "return_reason",
                "created_at",
                "submitted_at",
                "decided_at",
                "decided_by_id",
                "payroll_export_id",
            ),
        )
        self.line = w.table(
            ClaimLine,
            (
                "id",
                "claim_id",
                "kind",
                "position",
                "from_place",
                "to_place",
                "km",
                "quantity",
                "rate",
                "amount",
                "rule",
                "status",
                "reject_reason",
            ),
        )
        self.payment = w.table(
            PaymentDetails,
            (
                "id",
                "person_id",
                "nin_encrypted",
                "account_encrypted",
                "nin_hint",
                "account_hint",
                "updated_at",
            ),
        )


def generate_compensation(ctx: Ctx) -> dict[str, Any]:
    """Write the rows; returns the ids the benchmark's routes need."""
    hub = ctx.hub
    assert hub is not None
    t = Tables(ctx)
    w = ctx.w
    state_rates = _state_rates(ctx.today)
    for valid_from, km_rate in state_rates:
        w.add(t.state_rate, (t.state_rate.take_id(), valid_from, km_rate))
    schemes: dict[int, _Scheme] = {}
    scheme_ids: dict[int, int] = {}
    for org in ctx.services:
        regime = _regime(org.service_kind)
        scheme_id = t.scheme.take_id()
        scheme_ids[org.id] = scheme_id
        w.add(
            t.scheme,
            (scheme_id, org.id, regime, DEFAULT_COLUMNS, "110", "111", "112", "120", "130"),
        )
        rows = []
        for valid_from, newer in (
            (datetime.date(ctx.today.year - 2, 1, 1), False),
            (datetime.date(ctx.today.year, 1, 1), True),
        ):
            values = _rate_values(regime, newer=newer)
            rows.append((valid_from, values))
            w.add(
                t.rate,
                (
                    t.rate.take_id(),
                    scheme_id,
                    valid_from,
                    *(values.get(name, Decimal(0)) for name in t.rate_columns),
                ),
            )
        schemes[org.id] = _Scheme(regime, rows)

    secretariat = int(str(ctx.personas["secretariat"]["user_id"]))
    add_role(ctx, secretariat, hub.id, RoleKind.PAYROLL)
    person_id = int(str(ctx.personas["representative"]["person_id"]))
    if settings.MEDVIRK_FIELD_KEYS:
        w.add(
            t.payment,
            (
                t.payment.take_id(),
                person_id,
                crypto.encrypt(PERSONA_NIN),
                crypto.encrypt(PERSONA_ACCOUNT),
                "•" * 6 + " •••" + PERSONA_NIN[-2:],
                "••••.••." + PERSONA_ACCOUNT[-5:],
                ctx.now,
            ),
        )

    attended = sorted(
        (a for a in ctx.persona_attended if a.owner_id in schemes), key=lambda a: a.starts_at
    )
    hub_claims = [a for a in attended if a.owner_id == hub.id]
    other_claims = [a for a in attended if a.owner_id != hub.id]
    other_claims = other_claims[: max(0, len(other_claims) - UNCLAIMED_RECENT)]
    ids: dict[str, Any] = {"scheme": scheme_ids[hub.id], "service": hub.id}
    made = list(zip(_hub_turns(len(hub_claims)), hub_claims, strict=True))
    made += [(OTHER_TURNS[index % len(OTHER_TURNS)], a) for index, a in enumerate(other_claims)]
    paid = [a for status, a in made if status == ClaimStatus.PAID]
    export_id = None
    if paid:
        last = max(_decided(ctx, a) for a in paid)
        end = min(last.date(), ctx.today - datetime.timedelta(days=1))
        start = min(_decided(ctx, a) for a in paid).date().replace(day=1)
        export_id = t.export.take_id()
        ids["payroll_export"] = export_id
    exported_total = Decimal(0)
    for status, attendance in made:
        scheme = schemes[attendance.owner_id]
        claim_id, total = _claim(
            ctx,
            t,
            attendance,
            scheme,
            state_rates,
            status=status,
            person_id=person_id,
            decided_by=secretariat if attendance.owner_id == hub.id else None,
            export_id=export_id if status == ClaimStatus.PAID else None,
        )
        if status == ClaimStatus.PAID:
            exported_total += total
        if attendance.owner_id == hub.id:
            ids.setdefault(f"claim_{status}", claim_id)
    if export_id is not None:
        w.add(
            t.export,
            (
                export_id,
                hub.id,
                start,
                end,
                ctx.at(ctx.today - datetime.timedelta(days=1), 9),
                secretariat,
                len(paid),
                exported_total,
            ),
        )
    w.flush()
    return ids


def _hub_turns(count: int) -> list[str]:
    """The hub's claims, oldest first: paid, then approved, sent back and sent in turn;
    with fewer than four attendances the sent one comes first, then approved and paid
    (the benchmark's routes need those), always in that order in time."""
    if count > len(PRIORITY):
        rest = [str(HUB_TURNS[i % len(HUB_TURNS)]) for i in range(count - 1)]
        return [str(ClaimStatus.PAID), *rest]
    chosen = set(PRIORITY[:count])
    return [str(status) for status in IN_TIME if status in chosen]


def _decided(ctx: Ctx, attendance: PersonaAttendance) -> datetime.datetime:
    later = attendance.ends_at + datetime.timedelta(days=3)
    return later if later < ctx.now else attendance.ends_at + datetime.timedelta(hours=3)


def _rates(
    scheme: _Scheme, day: datetime.date, state_rates: list[tuple[datetime.date, Decimal]]
) -> calculation.Rates | None:
    rows = [values for valid_from, values in scheme.rows if valid_from <= day]
    if not rows:
        return None
    values = dict(rows[-1])
    if scheme.regime == Regime.STATE:
        km = [rate for valid_from, rate in state_rates if valid_from <= day]
        values["km_rate"] = km[-1] if km else Decimal(0)
    return calculation.Rates(regime=scheme.regime, **values)


def _claim(
    ctx: Ctx,
    t: Tables,
    attendance: PersonaAttendance,
    scheme: _Scheme,
    state_rates: list[tuple[datetime.date, Decimal]],
    *,
    status: str,
    person_id: int,
    decided_by: int | None,
    export_id: int | None,
) -> tuple[int, Decimal]:
    w = ctx.w
    claim_id = t.claim.take_id()
    minutes = max(int((attendance.ends_at - attendance.starts_at).total_seconds() // 60), 0)
    seat = attendance.seat_role if attendance.seat_role in SeatRole.values else SeatRole.MEMBER
    day = attendance.starts_at.astimezone(OSLO).date()
    rates = _rates(scheme, day, state_rates)
    lines: list[calculation.Line] = []
    if rates is not None:
        presence = calculation.Presence(present=True, minutes=minutes, seat=seat)
        lines = list(calculation.fee_lines(rates, presence))
        if claim_id % 2 == 0 or status == ClaimStatus.APPROVED:
            lines.append(calculation.travel_line(rates, calculation.Trip(km=TRAVEL_KM)))
    final = status in (ClaimStatus.APPROVED, ClaimStatus.PAID)
    total = Decimal(0)
    for position, line in enumerate(lines):
        travel = line.kind == "travel"
        rejected = final and travel and status == ClaimStatus.APPROVED
        line_status = (
            LineStatus.REJECTED if rejected else LineStatus.APPROVED if final else LineStatus.OPEN
        )
        if line_status != LineStatus.REJECTED:
            total += line.amount
        w.add(
            t.line,
            (
                t.line.take_id(),
                claim_id,
                line.kind,
                position,
                "Hjemme" if travel else "",
                "Møtestedet" if travel else "",
                TRAVEL_KM if travel else None,
                line.quantity,
                line.rate,
                line.amount,
                line.rule,
                line_status,
                "Reisen er dekket av pasientreiser." if rejected else "",
            ),
        )
    sent = status != ClaimStatus.DRAFT
    decided = status in (ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.RETURNED)
    submitted_at = attendance.ends_at + datetime.timedelta(hours=2) if sent else None
    w.add(
        t.claim,
        (
            claim_id,
            person_id,
            attendance.attendance_id,
            attendance.meeting_id,
            attendance.owner_id,
            status,
            seat,
            minutes,
            calculation.money(total),
            "Legg ved billetten, er du snill." if status == ClaimStatus.RETURNED else "",
            attendance.ends_at + datetime.timedelta(hours=1),
            submitted_at,
            _decided(ctx, attendance) if decided else None,
            decided_by if decided else None,
            export_id,
        ),
    )
    return claim_id, total
