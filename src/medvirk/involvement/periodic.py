"""The involvement log's periodic job (see medvirk.common.periodic, docs/periodic.md):
collect each service's automatic entries every ``COLLECT_EVERY``.

``prepare`` makes one Collection row per service; ``due`` lists those not claimed in the
last ``COLLECT_EVERY``; the claim stamps ``claimed_at`` in one UPDATE; the handler
collects the service (every year the first time, then the running year and the one
before) and stamps ``collected_at``.
"""

from __future__ import annotations

from medvirk.common.periodic import Job, register, set_now
from medvirk.involvement.domain import collect

COLLECT_ENTRIES = register(
    Job(
        name="involvement.collect_entries",
        due=collect.due_collections,
        claim=set_now("claimed_at"),
        handle=collect.collect_service,
        prepare=collect.create_missing_collections,
        description=(
            "Collect each service's involvement log from its meetings held, advice, "
            "experience calls, surveys, appointments and training (upsert by source key)."
        ),
    )
)
