"""Payroll: the payroll role exports a period's approved, unpaid claims and marks them
paid in the same transaction. A period once exported is closed: no export may overlap
it, and its end must be before today, so a claim approved later (today or after) always
falls in a later period. A claim is taken by one conditional UPDATE (``payroll_export``
still empty), so two exports at once can never pay it twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation.domain.payment import read_payment_details
from medvirk.compensation.enums import ClaimStatus, LineStatus
from medvirk.compensation.models import Claim, ClaimLine, PayrollExport, Scheme

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.directory.models import Organisation

PERIOD_EXPORTED = register_action(
    "compensation.payroll.exported", gettext_lazy("Eksporterte lønnsgrunnlag")
)
FILE_READ = register_action("compensation.payroll.file", gettext_lazy("Lastet ned lønnsfil"))


@dataclass(frozen=True)
class PayRow:
    nin: str
    name: str
    account: str
    pay_code: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    meeting_date: datetime.date
    arena: str
    claim: int


def _check(organisation: Organisation, by: User) -> None:
    if not rules.has_perm("compensation.export_payroll", by, organisation):
        raise PermissionDenied


@transaction.atomic
def export_period(
    organisation: Organisation,
    *,
    by: User,
    start: datetime.date,
    end: datetime.date,
) -> PayrollExport:
    _check(organisation, by)
    today = timezone.localdate()
    if end < start:
        raise ValidationError({"period_end": _("Perioden må slutte etter at den begynner.")})
    if end >= today:
        raise ValidationError({"period_end": _("Perioden må slutte før i dag.")})
    # One export of this service at a time (the row lock), then the overlap check.
    type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
    overlap = PayrollExport.objects.filter(
        organisation=organisation, period_start__lte=end, period_end__gte=start
    ).exists()
    if overlap:
        raise ValidationError(
            {"period_start": _("Perioden overlapper en periode som allerede er eksportert.")}
        )
    export = PayrollExport.objects.create(
        organisation=organisation, period_start=start, period_end=end, created_by=by
    )
    taken = Claim.objects.filter(
        organisation=organisation,
        status=ClaimStatus.APPROVED,
        payroll_export__isnull=True,
        decided_at__date__gte=start,
        decided_at__date__lte=end,
    ).update(payroll_export=export, status=ClaimStatus.PAID)
    total = ClaimLine.objects.filter(
        claim__payroll_export=export, status=LineStatus.APPROVED
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    export.claim_count, export.total = taken, total
    export.save(update_fields=["claim_count", "total"])
    log_activity(
        action=PERIOD_EXPORTED,
        actor=by,
        obj=export,
        organisation=organisation,
        data={"claims": taken, "total": str(total)},
    )
    return export


def pay_rows(export: PayrollExport, *, by: User) -> list[PayRow]:
    """One row per approved line of the export's claims, with the people's payment
    details read in clear (each person's read logged once)."""
    organisation = export.organisation
    _check(organisation, by)
    scheme = Scheme.objects.filter(organisation=organisation).first()
    lines = (
        ClaimLine.objects.filter(claim__payroll_export=export, status=LineStatus.APPROVED)
        .select_related("claim__person", "claim__meeting__arena")
        .order_by("claim__person__name", "claim__meeting__starts_at", "claim_id", "position")
    )
    details = {}
    rows = []
    for line in lines:
        person = line.claim.person
        if person.pk not in details:
            details[person.pk] = read_payment_details(
                person, by=by, purpose=f"payroll_export:{export.pk}", export_for=organisation
            )
        clear = details[person.pk]
        meeting = line.claim.meeting
        rows.append(
            PayRow(
                nin=clear.nin if clear else "",
                name=person.name,
                account=clear.account if clear else "",
                pay_code=scheme.pay_code(line.kind) if scheme else "",
                quantity=line.quantity,
                rate=line.rate,
                amount=line.amount,
                meeting_date=timezone.localdate(meeting.starts_at),
                arena=meeting.arena.name,
                claim=line.claim_id,
            )
        )
    log_activity(
        action=FILE_READ, actor=by, obj=export, organisation=organisation, data={"rows": len(rows)}
    )
    return rows
