"""Invented demo data for compensation: Bergen kommune (the demo service) on the
municipal regime and Helse Vestkyst on the health-trust regime, each with a rate history
(a change this year); the state's kilometre rates; the demo member's (Kari Nordmann's)
claims for the meetings she attended in every state: paid in one exported period,
approved with one line rejected, approved, sent back, sent and draft (the newest); her
payment details; and in Helse Vestkyst claims of its chair. The demo secretariat also
holds Bergen kommune's payroll role (it approves and exports).

Schemes, rates, drafts and the claimant's lines go through the domain (so amounts are
what the calculation gives); the decisions and the exported period are written
directly, dated after each meeting (the domain would date them today and mail the
claimant).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.compensation.domain import claims as claim_domain
from medvirk.compensation.domain.payment import save_payment_details
from medvirk.compensation.domain.rates import add_rate
from medvirk.compensation.domain.schemes import save_scheme
from medvirk.compensation.enums import ClaimStatus, LineKind, LineStatus, Regime
from medvirk.compensation.models import Claim, ClaimLine, PayrollExport, StateRate
from medvirk.directory.models import Organisation
from medvirk.meetings.models import Attendance

MEMBER_EMAIL = "medlem@medvirk.test"
SECRETARIAT_EMAIL = "sekretariat@medvirk.test"
HEALTH_TRUST_NAME = "Helse Vestkyst HF"
# Newest last: what the member's last six claims become (older ones are paid).
RECENT = (
    "approved_rejected",
    ClaimStatus.APPROVED,
    ClaimStatus.RETURNED,
    ClaimStatus.SUBMITTED,
    ClaimStatus.DRAFT,
)
# An invented identity number and account number that pass their checks.
DEMO_NIN = "01018000055"
STATE_SERVICE_NAME = "Nav Bodø"
DEMO_ACCOUNT = "86011117947"


def _rates(organisation: Organisation, regime: str, today: datetime.date) -> None:
    scheme = save_scheme(
        organisation,
        by=None,
        regime=regime,
        pay_code_fee="110",
        pay_code_preparation="111",
        pay_code_supplement="112",
        pay_code_lost_earnings="120",
        pay_code_travel="730",
        pay_code_allowance="740",
    )
    for valid_from, step in (
        (datetime.date(today.year - 3, 1, 1), Decimal(0)),
        (datetime.date(today.year, 1, 1), Decimal(100)),
    ):
        if regime == Regime.HEALTH_TRUST:
            add_rate(
                scheme,
                by=None,
                valid_from=valid_from,
                hourly_fee=Decimal(500) + step,
                preparation_hours=Decimal(1),
                chair_supplement_percent=Decimal(25),
                digital_percent=Decimal(50),
                km_rate=Decimal("3.50"),
            )
        else:
            add_rate(
                scheme,
                by=None,
                valid_from=valid_from,
                meeting_fee=Decimal(1100) + step,
                chair_supplement_percent=Decimal(50),
                deputy_chair_supplement_percent=Decimal(25),
                lost_earnings_max_per_day=Decimal(2500),
                lost_earnings_fixed_day=Decimal(900),
                lost_earnings_fixed_evening=Decimal(450),
                travel_min_km=Decimal(10),
                km_rate=Decimal("3.50"),
            )


def _decide(claim: Claim, status: str, by: User | None, *, reject_travel: bool = False) -> None:
    ends = claim.meeting.ends_at
    claim.submitted_at = ends + datetime.timedelta(days=1)
    if status in (ClaimStatus.SUBMITTED, ClaimStatus.DRAFT):
        claim.status = status
        claim.submitted_at = claim.submitted_at if status == ClaimStatus.SUBMITTED else None
        claim.save(update_fields=["status", "submitted_at"])
        return
    claim.decided_at, claim.decided_by = ends + datetime.timedelta(days=4), by
    if status == ClaimStatus.RETURNED:
        claim.status = ClaimStatus.RETURNED
        claim.return_reason = "Legg ved kvitteringen for bussbilletten, er du snill."
        claim.save(
            update_fields=["status", "submitted_at", "decided_at", "decided_by", "return_reason"]
        )
        return
    total = Decimal(0)
    for line in claim.lines.all():
        if reject_travel and line.kind == LineKind.TRAVEL:
            line.status = LineStatus.REJECTED
            line.reject_reason = "Reisen er kortere enn 10 km og dekkes ikke."
        else:
            line.status = LineStatus.APPROVED
            total += line.amount
        line.save(update_fields=["status", "reject_reason"])
    claim.status, claim.total = ClaimStatus.APPROVED, total
    claim.save(update_fields=["status", "total", "submitted_at", "decided_at", "decided_by"])


def _member_claims(member: User, secretariat: User | None, service: Organisation) -> None:
    attended = list(
        Attendance.objects.filter(
            person__user=member,
            present=True,
            meeting__ends_at__lte=timezone.now(),
            meeting__arena__owner=service,
        )
        .select_related("meeting__arena__owner", "membership", "person")
        .order_by("meeting__starts_at")
    )
    if not attended:
        return
    claims = [claim_domain.create_claim(attendance) for attendance in attended]
    older, recent = claims[: -len(RECENT)], claims[-len(RECENT) :]
    for index, claim in enumerate(claims):
        if index % 2 == 0 or claim in recent[:2]:
            claim_domain.add_travel(
                claim,
                by=member,
                from_place="Fyllingsdalen",
                to_place="Rådhuset",
                km=Decimal(8) if claim is recent[0] else Decimal(14),
            )
        if index % 3 == 0:
            claim_domain.add_lost_earnings(claim, by=member, documented=False)
    for claim in older:
        _decide(claim, ClaimStatus.APPROVED, secretariat)
    for claim, status in zip(recent, RECENT, strict=False):
        if status == "approved_rejected":
            _decide(claim, ClaimStatus.APPROVED, secretariat, reject_travel=True)
        else:
            _decide(claim, status, secretariat)
    if older:
        _export(service, older, secretariat)


def _export(service: Organisation, paid: list[Claim], by: User | None) -> None:
    first = min(claim.decided_at for claim in paid if claim.decided_at)
    last = max(claim.decided_at for claim in paid if claim.decided_at)
    end = min(timezone.localdate(last), timezone.localdate() - datetime.timedelta(days=1))
    export = PayrollExport.objects.create(
        organisation=service,
        period_start=timezone.localdate(first).replace(day=1),
        period_end=end,
        created_by=by,
        claim_count=len(paid),
    )
    Claim.objects.filter(pk__in=[claim.pk for claim in paid]).update(
        status=ClaimStatus.PAID, payroll_export=export
    )
    export.total = ClaimLine.objects.filter(
        claim__payroll_export=export, status=LineStatus.APPROVED
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    export.save(update_fields=["total"])


def _health_trust_claims(trust: Organisation) -> None:
    """The trust's chair (no login) attended its meetings: one approved, one sent, the
    rest drafts."""
    attended = list(
        Attendance.objects.filter(
            present=True, meeting__ends_at__lte=timezone.now(), meeting__arena__owner=trust
        )
        .select_related("meeting__arena__owner", "membership", "person")
        .order_by("-meeting__starts_at")[:3]
    )
    for attendance, status in zip(
        attended, (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.DRAFT), strict=False
    ):
        claim = claim_domain.create_claim(attendance)
        _decide(claim, status, None)


def load() -> None:
    member = User.objects.filter(email=MEMBER_EMAIL).first()
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    role = (
        Role.objects.filter(user=secretariat, role=RoleKind.SECRETARIAT)
        .select_related("organisation")
        .first()
    )
    if member is None or role is None:
        return
    service = role.organisation
    today = timezone.localdate()
    # Example figures in the shape of the state's table; the platform admin keeps the
    # real ones under /drift/.
    for valid_from, km_rate, short, long, night in (
        (datetime.date(today.year - 3, 1, 1), "4.48", "320", "650", "900"),
        (datetime.date(today.year, 1, 1), "4.90", "360", "700", "950"),
    ):
        StateRate.objects.create(
            valid_from=valid_from,
            km_rate=Decimal(km_rate),
            allowance_6_12_hours=Decimal(short),
            allowance_over_12_hours=Decimal(long),
            allowance_per_night=Decimal(night),
        )
    _rates(service, Regime.MUNICIPAL, today)
    trust = Organisation.objects.filter(name=HEALTH_TRUST_NAME).first()
    if trust is not None:
        _rates(trust, Regime.HEALTH_TRUST, today)
    # A third regime: a Nav office pays travel and meal allowances at the state's rates.
    nav = Organisation.objects.filter(name=STATE_SERVICE_NAME).first()
    if nav is not None:
        _rates(nav, Regime.STATE, today)
    Role.objects.create(user=role.user, organisation=service, role=RoleKind.PAYROLL)
    person = getattr(member, "person", None)
    if person is not None and settings.MEDVIRK_FIELD_KEYS:
        save_payment_details(person, by=member, nin=DEMO_NIN, account=DEMO_ACCOUNT)
    _member_claims(member, secretariat, service)
    if trust is not None:
        _health_trust_claims(trust)
