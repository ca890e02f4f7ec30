"""Experience gathering's periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

from medvirk.common.periodic import Job, register, set_now
from medvirk.experiences.domain import answers

PURGE_ANSWERS = register(
    Job(
        name="experiences.purge_answers",
        due=answers.calls_due_for_purge,
        claim=set_now("answers_purged_at"),
        handle=answers.purge_answers,
        description=(
            "Clear the free text and contact of every answer to a call whose retention "
            "(retention_months after it closed) has run out; themes keep their summaries."
        ),
    )
)
