"""Helpers for the advice tests (imported by test_advice_*.py and test_reminders*.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from medvirk.followup.domain.advice import create_advice
from medvirk.followup.domain.advice_answers import record_response
from medvirk.followup.enums import AddresseeKind
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ClosedGround, ItemKind, ProposerKind
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting
from tests.followup.conftest import FollowupWorld

# Who may see closed advice (the owner's secretariat, the service's decision-maker,
# current members and deputies of the arena) and who may answer advice.
CLOSED_VIEWERS = {"secretariat", "decision_maker", "member", "deputy"}
ANSWERERS = {"secretariat", "decision_maker"}
MEMBER_ADDRESSES = {
    "medlem@example.org",
    "sigurd@example.org",
    "vara@example.org",
    "viggo@example.org",
}


def today() -> datetime.date:
    return timezone.localdate()


def actor(w: FollowupWorld, persona: str) -> Any:
    user = w.user(persona)
    return AnonymousUser() if user is None else user


def statement(
    w: FollowupWorld, title: str, *, closed: bool = False, meeting: Meeting | None = None
) -> AgendaItem:
    extra: dict[str, Any] = {}
    if closed:
        extra = {
            "is_closed": True,
            "closed_ground": ClosedGround.OFFL_13,
            "closed_note": "Taushetsbelagt.",
        }
    return add_item(
        meeting or w.past_meeting,
        by=w.m.secretariat,
        kind=ItemKind.STATEMENT,
        title=title,
        **extra,
    )


def give(w: FollowupWorld, item: AgendaItem | None = None, **fields: Any) -> Advice:
    """Advice from the secretariat to the service's decision-maker."""
    values: dict[str, Any] = {
        "addressee_kind": AddresseeKind.DECISION_MAKER,
        "addressee_user": w.decision_maker,
    }
    values.update(fields)
    return create_advice(item or w.statement, by=w.m.secretariat, **values)


def answer(
    advice: Advice, by: Any, status: str, text: str = "Svar.", **fields: Any
) -> AdviceResponse:
    return record_response(advice, by=by, status=status, text=text, **fields)


def proposal_from(w: FollowupWorld, item: AgendaItem, *, organisation: bool = True) -> CaseProposal:
    """A case proposal (from organisation A, or a citizen) that the item came from."""
    proposal = CaseProposal.objects.create(
        arena=item.arena,
        title="Teleslynge i klasserommene",
        problem_why="Elever med hørselshjelpemidler hører ikke læreren.",
        proposed_solution="Teleslynge i alle klasserom.",
        proposer_kind=ProposerKind.ORGANISATION if organisation else ProposerKind.PUBLIC,
        organisation=w.m.org_a.organisation if organisation else None,
        proposer_name="Ola Forslag",
        proposer_email="ola.forslag@example.org",
    )
    item.proposal = proposal
    item.save(update_fields=["proposal"])
    return proposal


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def mail_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]
