"""The directory's periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime

from medvirk.common.periodic import Job, register, set_now
from medvirk.directory.domain import campaigns
from medvirk.directory.models import CampaignRecipient


def _remind(recipient: CampaignRecipient, now: datetime.datetime) -> object:
    return campaigns.send_reminder(recipient)


CAMPAIGN_REMINDERS = register(
    Job(
        name="directory.campaign_reminders",
        due=campaigns.due_reminders,
        claim=set_now("reminded_at"),
        handle=_remind,
        description="Campaign reminders with a new link, 14 days after the first mail.",
    )
)
