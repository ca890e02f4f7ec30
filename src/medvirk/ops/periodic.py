"""The shared kernel's periodic job (see medvirk.common.periodic).

``medvirk.common.periodic`` is the registry itself, so the activity log's retention job
is declared here, by the app that sits above every other; it is registered last and so
runs after every job that writes the log.
"""

from __future__ import annotations

from medvirk.common.domain import retention
from medvirk.common.periodic import Job, lock_claim, register

PURGE_ACTIVITY_LOG = register(
    Job(
        name="common.purge_activity_log",
        due=retention.activity_batches_due,
        claim=lock_claim,
        handle=retention.purge_activity_batch,
        description=(
            "Delete activity log entries older than MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS, "
            "in batches of MEDVIRK_RETENTION_BATCH_SIZE, and log the count."
        ),
    )
)
