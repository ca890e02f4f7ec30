"""The directory's periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime

from medvirk.common.periodic import Job, register, set_now
from medvirk.directory.domain import campaigns, import_jobs
from medvirk.directory.models import CampaignRecipient, ImportJob


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


def _resume(job: ImportJob, now: datetime.datetime) -> object:
    return import_jobs.resume(job)


STALLED_IMPORTS = register(
    Job(
        name="directory.stalled_imports",
        due=import_jobs.stalled_jobs,
        claim=import_jobs.claim_stalled,
        handle=_resume,
        description=(
            "CSV imports whose worker died (lease run out) or whose task was lost: queue "
            "them again, or record them as interrupted after three starts."
        ),
    )
)


ERASE_IMPORT_FILES = register(
    Job(
        name="directory.erase_import_files",
        due=import_jobs.expired_jobs,
        claim=set_now("erased_at"),
        handle=import_jobs.erase_file,
        description=(
            "Erase the uploaded file of a finished CSV import (done, failed or a check never "
            "applied) MEDVIRK_IMPORT_FILE_RETENTION_DAYS after it finished."
        ),
    )
)
