"""The retention of receipts and documentation (bokføringsloven § 13).

Primary documentation is kept five years after the end of the financial year it belongs
to (``MEDVIRK_RECEIPT_RETENTION_YEARS``; the financial year is the calendar year). A
claim's documentation belongs to the year the claim was decided (approved) or, if later,
the year its payroll file was made. From 1 January of the sixth year after that, the
periodic job ``compensation.erase_receipts`` deletes the file and its row; the claim, its
lines and amounts are kept (they are the accounts), and the line stays marked as
documented. Claims never approved (drafts, returned, sent) keep their receipts.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.compensation.enums import FINAL
from medvirk.compensation.models import Claim, ClaimLine, Receipt

RECEIPT_ERASED = register_action(
    "compensation.receipt.erased",
    gettext_lazy(
        "Slettet et vedlegg til et krav (oppbevaringstiden etter bokføringsloven var ute)"
    ),
)


def first_year_kept(today: datetime.date) -> datetime.datetime:
    """The start of the oldest financial year whose documentation is still kept on
    ``today``: a claim decided (and paid) before this instant has run out its retention."""
    year = today.year - int(settings.MEDVIRK_RECEIPT_RETENTION_YEARS)
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def receipts_due(now: datetime.datetime) -> QuerySet[Receipt]:
    """Receipts of approved or paid claims decided, and exported to payroll if they were,
    before the oldest financial year still kept."""
    start = first_year_kept(timezone.localdate(now))
    claims = (
        Claim.objects.final()
        .filter(decided_at__lt=start)
        .filter(Q(payroll_export__isnull=True) | Q(payroll_export__created_at__lt=start))
    )
    lines = ClaimLine.objects.filter(claim_id__in=claims.values("pk")).values("pk")
    return Receipt.objects.filter(line_id__in=lines)


def erase_receipt(receipt: Receipt, now: datetime.datetime) -> None:
    """Delete a receipt whose retention has run out (claimed by the periodic-job runner);
    the file goes when the transaction commits. The log names the claim and the size,
    never the file's name or content."""
    line = ClaimLine.objects.select_related("claim__organisation").get(pk=receipt.line_id)
    assert line.claim.status in FINAL
    stored = receipt.file
    name, size = stored.name or "", receipt.size
    Receipt.objects.filter(pk=receipt.pk).delete()
    if name:
        transaction.on_commit(lambda: stored.storage.delete(name))
    log_activity(
        action=RECEIPT_ERASED,
        actor=None,
        actor_label="Medvirk",
        obj=line.claim,
        organisation=line.claim.organisation,
        data={
            "line": line.pk,
            "bytes": size,
            "retention_years": settings.MEDVIRK_RECEIPT_RETENTION_YEARS,
        },
    )
