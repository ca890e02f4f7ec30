"""An arena with one year (2025) of everything an annual report counts, on top of the
meetings' world (the test day is in November 2026)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from medvirk.accounts.models import User
from medvirk.annual.domain.reports import create_report
from medvirk.annual.models import AnnualReport
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena
from medvirk.meetings.enums import AttendanceRole, ItemKind
from medvirk.meetings.models import AgendaItem, Attendance, Meeting
from medvirk.people.models import Person
from tests.arenas.conftest import make_person, seat
from tests.meetings import conftest as meetings_conftest
from tests.meetings.conftest import MeetingWorld, make_meeting

meeting_world = meetings_conftest.meeting_world

YEAR = 2025


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


def add_item(meeting: Meeting, number: int, title: str, **fields: object) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        arena=meeting.arena,
        year=meeting.starts_at.year,
        number=number,
        position=number,
        kind=fields.pop("kind", ItemKind.INFORMATION),
        title=title,
        **fields,
    )


def attend(meeting: Meeting, person: Person, *, present: bool, deputy: bool = False) -> Attendance:
    membership = person.memberships.filter(arena=meeting.arena).first()
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        membership=membership,
        role=AttendanceRole.DEPUTY if deputy else AttendanceRole.MEMBER,
        present=present,
    )


@dataclass
class AnnualWorld:
    m: MeetingWorld
    arena: Arena  # the public arena of the service, with a year 2025 of its own
    chair: Person
    short: Person  # joined and left in 2025
    deputy: Person
    spring: Meeting
    autumn: Meeting
    statement: AgendaItem
    closed: AgendaItem

    def client(self, persona: str) -> Client:
        return self.m.client(persona)

    def report(self, **fields: object) -> AnnualReport:
        return create_report(
            by=self.m.secretariat,
            service=self.m.service,
            arena=self.arena,
            year=fields.pop("year", YEAR),
            language=str(fields.pop("language", "nb")),
        )

    @property
    def secretariat(self) -> User:
        return self.m.secretariat


@pytest.fixture
def annual_world(meeting_world: MeetingWorld) -> AnnualWorld:
    """The public arena (``meeting_world.public_arena``) gets a year 2025: 3 member seats
    and 1 deputy seat by its rule; a chair the whole year, a member from 1 March to
    30 June, a member seat empty from 15 December 2024 to 20 January 2025 and then
    filled, a deputy; two meetings, the deputy attending the autumn one."""
    m = meeting_world
    arena = m.public_arena
    arena.members_count = 3
    arena.deputies_count = 1
    arena.save()
    org = m.org_a.organisation
    chair = make_person("Camilla Leder", organisation=org, gender="female")
    seat(
        arena,
        chair,
        MemberRole.CHAIR,
        starts_on=d(1, 1, 2024),
        ends_on=d(12, 31, 2027),
        represents=org,
    )
    short = make_person("Kort Tid", organisation=org, gender="male")
    seat(arena, short, starts_on=d(3, 1), ends_on=d(6, 30), represents=org)
    late = make_person("Sein Start", organisation=org)
    seat(arena, late, starts_on=d(1, 21), ends_on=d(12, 31, 2027), represents=org)
    deputy = make_person("Dina Vara", organisation=org, gender="female")
    seat(
        arena,
        deputy,
        MemberRole.DEPUTY,
        rank=1,
        starts_on=d(1, 1, 2024),
        ends_on=d(12, 31, 2027),
        represents=org,
    )
    spring = make_meeting(arena, d(4, 10))
    autumn = make_meeting(arena, d(10, 9))
    statement = add_item(
        spring, 1, "Universell utforming av kollektivtilbudet", kind=ItemKind.STATEMENT
    )
    closed = add_item(
        autumn,
        2,
        "Hemmelig personalsak",
        kind=ItemKind.DISCUSSION,
        is_closed=True,
        closed_ground="kl_11_5_2a",
    )
    attend(spring, chair, present=True)
    attend(spring, short, present=True)
    attend(spring, late, present=False)
    attend(autumn, chair, present=False)
    attend(autumn, deputy, present=True, deputy=True)
    attend(autumn, late, present=True)
    return AnnualWorld(
        m=m,
        arena=arena,
        chair=chair,
        short=short,
        deputy=deputy,
        spring=spring,
        autumn=autumn,
        statement=statement,
        closed=closed,
    )
