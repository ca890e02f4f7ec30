"""Helpers shared by the case proposal tests (no tests here)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.meetings.domain.proposals import submit_proposal
from medvirk.meetings.models import CaseProposal, Meeting
from tests.meetings.conftest import MeetingWorld, make_meeting

TITLE = "Lang ventetid på hjelpemidler"


def answers(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": TITLE,
        "problem_why": "Mange venter i månedsvis på rullestol.",
        "problem_where": "Hjelpemiddelsentralen",
        "problem_when": "Hele året, verst om sommeren",
        "proposed_solution": "Flere saksbehandlere og raskere utlån.",
    }
    values.update(overrides)
    return values


def persona_kwargs(world: MeetingWorld, persona: str) -> dict[str, Any]:
    """What a persona must add to a proposal to be allowed to send it at all."""
    if persona == "admin_a":
        return {"on_behalf_of": world.org_a.organisation}
    if persona == "anonymous":
        return {"proposer_name": "Ine Innbygger", "proposer_email": "ine@example.org"}
    return {}


def make_proposal(
    world: MeetingWorld,
    persona: str = "member",
    arena: Arena | None = None,
    **overrides: Any,
) -> CaseProposal:
    values = {**answers(), **persona_kwargs(world, persona), **overrides}
    return submit_proposal(arena or world.public_arena, by=world.users[persona], **values)


def meeting_with_deadline(world: MeetingWorld, deadline: datetime.date, **fields: Any) -> Meeting:
    """A meeting in the public arena whose proposal deadline is ``deadline``."""
    days = world.public_arena.proposal_deadline_days
    return make_meeting(world.public_arena, deadline + datetime.timedelta(days=days), **fields)


def today() -> datetime.date:
    return timezone.localdate()
