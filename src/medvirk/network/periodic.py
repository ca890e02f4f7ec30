"""The network's periodic job (see medvirk.common.periodic): the daily digest."""

from __future__ import annotations

from medvirk.common.periodic import Job, register, set_now
from medvirk.network.domain import digest

DIGEST = register(
    Job(
        name="network.digest",
        due=digest.due,
        claim=set_now("claimed_at"),
        handle=digest.send_digest,
        description=(
            "Mail each reader the new visible posts in the network threads they follow "
            "and the posts mentioning them, once a day, in their language."
        ),
    )
)
