"""Shared world for the follow-up tests: the meeting world plus a decision-maker at
the service, and a past meeting (published agenda, approved minutes) with a public
and a closed statement item."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ClosedGround, ItemKind, MinutesStatus
from medvirk.meetings.models import AgendaItem, Meeting, Minutes, MinutesEntry
from tests.factories import RoleFactory, UserFactory
from tests.meetings.conftest import (  # noqa: F401 - fixtures re-exported for this package
    MEETING_PERSONAS,
    MeetingWorld,
    as_persona,
    make_meeting,
    meeting_world,
)

# The meeting personas plus the two the follow-up adds.
FOLLOWUP_PERSONAS = [
    *MEETING_PERSONAS,
    "decision_maker",  # decision-maker role at the owning service
    "member_a",  # plain member (role) of organisation A, the represented organisation
]


@dataclass
class FollowupWorld:
    m: MeetingWorld
    decision_maker: User
    past_meeting: Meeting  # in the public arena, 10 days ago, agenda published
    statement: AgendaItem  # public statement item on the past meeting
    closed_statement: AgendaItem  # closed statement item on the past meeting
    minutes: Minutes  # approved, one entry per item

    def client(self, persona: str) -> Client:
        return self.m.client(persona)

    def user(self, persona: str) -> User | None:
        return self.m.users[persona]


@pytest.fixture
def followup_world(meeting_world: MeetingWorld) -> FollowupWorld:  # noqa: F811
    w = meeting_world
    decision_maker = UserFactory(email="leder@example.org", name="Dina Direktør")
    RoleFactory(user=decision_maker, organisation=w.service, role=RoleKind.DECISION_MAKER)
    w.users["decision_maker"] = decision_maker
    w.users["member_a"] = w.org_a.member

    day = timezone.localdate() - datetime.timedelta(days=10)
    past = make_meeting(w.public_arena, day)
    statement = add_item(
        past,
        by=w.secretariat,
        kind=ItemKind.STATEMENT,
        title="Høring om universell utforming av skoler",
        description="<p>Planutkastet til høring.</p>",
    )
    closed = add_item(
        past,
        by=w.secretariat,
        kind=ItemKind.STATEMENT,
        title="Hemmelig uttalelse om en enkeltsak",
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsbelagte opplysninger.",
    )
    past.agenda_published_at = past.starts_at - datetime.timedelta(days=15)
    past.save(update_fields=["agenda_published_at"])
    minutes = Minutes.objects.create(
        meeting=past,
        status=MinutesStatus.APPROVED,
        version=1,
        approved_at=timezone.now(),
        approved_by=w.secretariat,
    )
    MinutesEntry.objects.create(
        minutes=minutes, item=statement, text="<p>Rådet ber om teleslynge i alle klasserom.</p>"
    )
    MinutesEntry.objects.create(
        minutes=minutes, item=closed, text="<p>Rådet ber om ny vurdering av saken.</p>"
    )
    return FollowupWorld(
        m=w,
        decision_maker=decision_maker,
        past_meeting=past,
        statement=statement,
        closed_statement=closed,
        minutes=minutes,
    )
