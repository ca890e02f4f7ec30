"""People's periodic job (see medvirk.common.periodic): the retention of accommodation
needs (docs/operations-retention.md)."""

from __future__ import annotations

from medvirk.common.periodic import Job, lock_claim, register
from medvirk.people.domain import accommodation

ERASE_ACCOMMODATION = register(
    Job(
        name="people.erase_accommodation",
        due=accommodation.accommodations_due,
        claim=lock_claim,
        handle=accommodation.erase_expired_accommodation,
        description=(
            "Delete a person's accommodation needs MEDVIRK_ACCOMMODATION_RETENTION_MONTHS "
            "after their last seat ended (never while they hold a current or future seat)."
        ),
    )
)
