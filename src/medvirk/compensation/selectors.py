"""Every read the compensation pages need. Lists read their rows with what they show
joined (the query count stays the same with more rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from medvirk.compensation.enums import LineKind, LineStatus
from medvirk.compensation.models import (
    Claim,
    ClaimLine,
    PaymentDetails,
    PayrollExport,
    Scheme,
    StateRate,
)
from medvirk.compensation.rules import approver_scope

LIST_RELATED = ("meeting__arena", "organisation", "person")


def claims_of(person: Any) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(person=person)
        .select_related(*LIST_RELATED)
        .order_by("-meeting__starts_at", "-pk")
    )


def claim_detail(pk: int) -> Claim | None:
    return (
        Claim.objects.select_related(*LIST_RELATED, "meeting__arena__owner", "corrects")
        .prefetch_related("lines__receipt")
        .filter(pk=pk)
        .first()
    )


def approval_queue(user: Any) -> QuerySet[Claim]:
    """Sent claims the user may decide: of services where they are secretariat, and of
    arenas they chair (not their own)."""
    secretariats, chaired = approver_scope(user)
    return (
        Claim.objects.pending()
        .filter(Q(organisation_id__in=secretariats) | Q(meeting__arena_id__in=chaired))
        .exclude(person__user=user)
        .select_related(*LIST_RELATED)
        .order_by("submitted_at", "pk")
    )


def payroll_organisations(user: Any) -> list[Any]:
    from medvirk.accounts.enums import RoleKind
    from medvirk.accounts.rules import organisation_ids_with_roles
    from medvirk.directory.models import Organisation

    ids = organisation_ids_with_roles(user, RoleKind.PAYROLL)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def unpaid_approved(organisation: Any) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(organisation=organisation, status="approved")
        .select_related(*LIST_RELATED)
        .order_by("decided_at", "pk")
    )


def exports_of(organisation: Any) -> QuerySet[PayrollExport]:
    return PayrollExport.objects.filter(organisation=organisation).order_by("-period_end")


def yearly_totals(organisation: Any, year: int) -> list[dict[str, Any]]:
    """Paid compensation per person in a year (by the export period's end), for the
    annual statement: names and sums only."""
    rows = (
        ClaimLine.objects.filter(
            claim__organisation=organisation,
            claim__payroll_export__period_end__year=year,
            status=LineStatus.APPROVED,
        )
        .values("claim__person_id", "claim__person__name")
        .annotate(total=Sum("amount"))
        .order_by("claim__person__name")
    )
    return [
        {"name": row["claim__person__name"], "total": row["total"] or Decimal(0)} for row in rows
    ]


# The annual report's three groups of lines (issue 17: totals only, never per person): the
# fee with its preparation time and chair supplements, travel, and lost earnings.
REPORT_GROUPS = {
    LineKind.FEE: "fee",
    LineKind.PREPARATION: "fee",
    LineKind.SUPPLEMENT: "fee",
    LineKind.TRAVEL: "travel",
    LineKind.LOST_EARNINGS: "lost_earnings",
}


def arena_year_totals(arena_ids: list[int], year: int) -> dict[int, dict[str, Decimal]]:
    """Compensation approved or paid for the meetings of ``year`` (by the meeting's start)
    of the given arenas, per arena and group of lines (``REPORT_GROUPS``), for the annual
    report: the claim is approved or paid (``Claim.objects.final()``) and the line approved
    (a rejected line of an approved claim is not paid). One statement; no person in it."""
    rows = (
        ClaimLine.objects.filter(
            claim__in=Claim.objects.final(),
            claim__meeting__arena_id__in=arena_ids,
            claim__meeting__starts_at__year=year,
            status=LineStatus.APPROVED,
        )
        .values("claim__meeting__arena_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        arena = totals.setdefault(
            row["claim__meeting__arena_id"], dict.fromkeys(REPORT_GROUPS.values(), Decimal(0))
        )
        arena[REPORT_GROUPS[LineKind(row["kind"])]] += row["total"] or Decimal(0)
    return totals


def state_rates() -> list[StateRate]:
    """The state's rate table, newest first (a few rows a year)."""
    return list(StateRate.objects.order_by("-valid_from"))


def scheme_of(organisation: Any) -> Scheme | None:
    return Scheme.objects.filter(organisation=organisation).prefetch_related("rates").first()


def payment_hints(person: Any) -> PaymentDetails | None:
    """The masked hints only (``nin_hint``, ``account_hint``); never the numbers."""
    return (
        PaymentDetails.objects.filter(person=person)
        .only("pk", "person_id", "nin_hint", "account_hint", "updated_at")
        .first()
    )
