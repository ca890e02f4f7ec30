"""Compensation's mails, one function per message, queued through the outbox in the
claimant's language; templates under ``mail/compensation/<name>/``. The mails name the
meeting and the amount, never payment details."""

from __future__ import annotations

from django.conf import settings

from medvirk.compensation.models import Claim
from medvirk.notifications.domain.outbox import queue_mail_to_person

CLAIM_DECIDED = "compensation/claim_decided"


def send_claim_decided(claim: Claim) -> bool:
    """Tell the claimant that their claim was approved (with any rejected lines) or sent
    back, with the reason."""
    meeting = claim.meeting
    rejected = [
        {"kind": line.get_kind_display(), "reason": line.reject_reason}
        for line in claim.lines.filter(status="rejected")
    ]
    return queue_mail_to_person(
        CLAIM_DECIDED,
        claim.person,
        {
            "status": claim.status,
            "meeting_title": meeting.title or str(meeting),
            "meeting_date": meeting.starts_at,
            "total": claim.total,
            "reason": claim.return_reason,
            "rejected": rejected,
            "url": settings.SITE_URL.rstrip("/") + claim.get_absolute_url(),
        },
    )
