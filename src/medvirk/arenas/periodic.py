"""The arenas' periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from medvirk.arenas.domain import terms
from medvirk.arenas.models import Arena
from medvirk.common.periodic import Job, register


def _term_job(days: int) -> Job:
    def due(now: datetime.datetime) -> QuerySet[Arena]:
        return terms.due_arenas(days, timezone.localdate(now))

    def claim(arenas: QuerySet[Any], now: datetime.datetime) -> int:
        return terms.claim_reminders(arenas, days=days, day=timezone.localdate(now), now=now)

    def handle(arena: Arena, now: datetime.datetime) -> object:
        return terms.send_term_reminder(arena, days=days, now=now)

    return Job(
        name=f"arenas.term_reminders_{days}",
        due=due,
        claim=claim,
        handle=handle,
        description=f"One mail per arena to its secretariat {days} days before terms end.",
    )


# 30 first: a term inside 30 days gets that reminder alone (the windows do not overlap).
TERM_REMINDERS_30 = register(_term_job(30))
TERM_REMINDERS_90 = register(_term_job(90))
