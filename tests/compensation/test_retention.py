"""Retention of receipts: compensation.erase_receipts deletes the documentation of an
approved or paid claim five years after the end of the financial year it was decided or
paid in (bokføringsloven § 13); the claim and its lines are kept."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from medvirk.common.models import ActivityLog
from medvirk.compensation.domain.payment import save_payment_details
from medvirk.compensation.domain.retention import RECEIPT_ERASED
from medvirk.compensation.enums import ClaimStatus, LineKind
from medvirk.compensation.models import Claim, ClaimLine, PaymentDetails, PayrollExport, Receipt
from medvirk.ops.domain import run_job
from medvirk.people.domain.privacy import carry_out_deletion, request_deletion
from tests.clock import freeze_time
from tests.compensation.conftest import PNG, World
from tests.periodic import noon

JOB = "compensation.erase_receipts"
DECIDED = datetime.date(2026, 12, 30)
DUE = datetime.date(2032, 1, 1)  # 2026's accounts are kept to the end of 2031


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def claim_with_receipt(
    world: World, *, status: str = ClaimStatus.APPROVED, decided: datetime.date | None = DECIDED
) -> tuple[Claim, Receipt]:
    claim = Claim.objects.create(
        person=world.member_person,
        attendance=world.attendance,
        meeting=world.meeting,
        organisation=world.service,
        status=status,
        decided_at=noon(decided) if decided else None,
        corrects=Claim.objects.filter(attendance=world.attendance).order_by("-pk").first(),
    )
    line = ClaimLine.objects.create(claim=claim, kind=LineKind.TRAVEL, documented=True)
    receipt = Receipt.objects.create(
        line=line,
        file=ContentFile(PNG, name="kvittering.png"),
        original_name="kvittering.png",
        file_type="png",
        size=len(PNG),
    )
    return claim, receipt


def run_on(day: datetime.date) -> Any:
    with freeze_time(noon(day)):
        return run_job(JOB, now=noon(day))


def test_a_receipt_goes_on_1_january_of_the_sixth_year_not_a_day_before(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    claim, receipt = claim_with_receipt(world)
    path = Path(receipt.file.path)
    assert path.exists()

    assert run_on(DUE - datetime.timedelta(days=1)).items_done == 0
    assert Receipt.objects.filter(pk=receipt.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert run_on(DUE).items_done == 1

    assert not Receipt.objects.filter(pk=receipt.pk).exists()
    assert not path.exists()
    line = claim.lines.get()
    assert line.documented is True
    assert Claim.objects.filter(pk=claim.pk, status=ClaimStatus.APPROVED).exists()
    entry = ActivityLog.objects.get(action=RECEIPT_ERASED)
    assert entry.object_id == str(claim.pk)
    assert entry.data == {"line": line.pk, "bytes": len(PNG), "retention_years": 5}
    assert "kvittering" not in str(entry.data)

    again = run_on(DUE)
    assert (again.items_done, again.items_failed) == (0, 0)
    assert ActivityLog.objects.filter(action=RECEIPT_ERASED).count() == 1


def test_claims_not_approved_or_paid_in_a_later_year_keep_their_receipts(world: World) -> None:
    sent = claim_with_receipt(world, status=ClaimStatus.SUBMITTED, decided=None)[1]
    returned = claim_with_receipt(world, status=ClaimStatus.RETURNED)[1]
    paid_next_year, paid_receipt = claim_with_receipt(world, status=ClaimStatus.PAID)
    with freeze_time(noon(datetime.date(2027, 1, 5))):
        export = PayrollExport.objects.create(
            organisation=world.service,
            period_start=datetime.date(2026, 12, 1),
            period_end=datetime.date(2026, 12, 31),
        )
    Claim.objects.filter(pk=paid_next_year.pk).update(payroll_export=export)
    decided_later = claim_with_receipt(world, decided=datetime.date(2027, 1, 1))[1]

    assert run_on(DUE).items_done == 0
    assert Receipt.objects.count() == 4
    assert {sent.pk, returned.pk, paid_receipt.pk, decided_later.pk} == set(
        Receipt.objects.values_list("pk", flat=True)
    )
    # The year after, 2027's documentation goes too.
    assert run_on(datetime.date(2033, 1, 1)).items_done == 2
    assert set(Receipt.objects.values_list("pk", flat=True)) == {sent.pk, returned.pk}


def test_the_period_is_configurable(world: World, settings: Any) -> None:
    settings.MEDVIRK_RECEIPT_RETENTION_YEARS = 10
    claim_with_receipt(world)

    assert run_on(DUE).items_done == 0
    assert run_on(datetime.date(2037, 1, 1)).items_done == 1


# --- Deleting the person: payment details go, claims stay -------------------------------


NIN = "15108695088"


def test_deletion_removes_payment_details_and_keeps_the_claims(
    world: World, platform_admin: Any
) -> None:
    save_payment_details(world.member_person, by=world.member, nin=NIN, account="8601.11.17947")
    claim, _receipt = claim_with_receipt(world, status=ClaimStatus.PAID)
    request_deletion(by=world.member)

    carry_out_deletion(world.member_person, by=platform_admin)

    assert not PaymentDetails.objects.filter(person=world.member_person).exists()
    assert Claim.objects.filter(pk=claim.pk, person=world.member_person).exists()


def test_deletion_waits_for_unpaid_claims(world: World, platform_admin: Any) -> None:
    claim_with_receipt(world, status=ClaimStatus.APPROVED)
    request_deletion(by=world.member)

    with pytest.raises(ValidationError):
        carry_out_deletion(world.member_person, by=platform_admin)
