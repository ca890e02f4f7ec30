"""Compensation's periodic job (see medvirk.common.periodic): the retention of receipts
under the bookkeeping law (docs/operations-retention.md)."""

from __future__ import annotations

from medvirk.common.periodic import Job, lock_claim, register
from medvirk.compensation.domain import retention

ERASE_RECEIPTS = register(
    Job(
        name="compensation.erase_receipts",
        due=retention.receipts_due,
        claim=lock_claim,
        handle=retention.erase_receipt,
        description=(
            "Delete receipts of approved or paid claims MEDVIRK_RECEIPT_RETENTION_YEARS "
            "after the end of the financial year they were decided or paid in "
            "(bokføringsloven § 13)."
        ),
    )
)
