"""Experience gathering's periodic jobs (see medvirk.common.periodic).

The periodic jobs of themes (see medvirk.common.periodic): the contributors' trail,
one job per step, each claiming a ThemeCase with one UPDATE of the step's column.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from medvirk.common.periodic import Job, register, set_now
from medvirk.experiences.domain import answers, trail
from medvirk.experiences.models import ThemeCase

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


def _trail_job(name: str, step: str, description: str) -> Job:
    def due(now: datetime.datetime) -> QuerySet[ThemeCase]:
        return trail.due(step, now)

    def handle(case: ThemeCase, now: datetime.datetime) -> object:
        return trail.tell_contributors(case, step=step)

    return Job(
        name=name,
        due=due,
        claim=set_now(trail.CLAIM_FIELDS[step]),
        handle=handle,
        description=description,
    )


TRAIL_AGENDA = register(
    _trail_job(
        "experiences.trail_agenda",
        trail.AGENDA,
        "Tell a theme's contributors that its case proposal is on a published agenda.",
    )
)
TRAIL_ADVICE = register(
    _trail_job(
        "experiences.trail_advice",
        trail.ADVICE,
        "Tell a theme's contributors that advice was given on its case proposal.",
    )
)
TRAIL_ANSWER = register(
    _trail_job(
        "experiences.trail_answer",
        trail.ANSWER,
        "Tell a theme's contributors that the service answered the advice on its case.",
    )
)
TRAIL_DECISION = register(
    _trail_job(
        "experiences.trail_decision",
        trail.DECISION,
        "Tell a theme's contributors that the final decision in its case is recorded.",
    )
)
