"""Shared world for the meeting tests: one service with a public and a private
arena, members and ranked deputies, represented and unrelated organisations,
another service, and a planned meeting five weeks ahead in each arena."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import ArenaKind, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.meetings.models import Meeting
from medvirk.people.models import Person
from tests.arenas.conftest import make_arena, make_person, seat
from tests.conftest import Tenant, enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory

# Every persona the meeting tests check permissions for.
MEETING_PERSONAS = [
    "anonymous",
    "member",  # current member of both arenas, represents org A
    "deputy",  # first deputy of the public arena
    "admin_a",  # admin of org A, which the member represents
    "admin_b",  # admin of org B: no relation to the arenas
    "secretariat",  # secretariat of the owning service
    "other_secretariat",  # secretariat of another service
    "platform_admin",
]


def local_dt(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at a wall-clock time in Europe/Oslo."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_meeting(arena: Arena, day: datetime.date, **fields: Any) -> Meeting:
    values: dict[str, Any] = {
        "starts_at": local_dt(day, 10),
        "ends_at": local_dt(day, 13),
        "place": "Rådhuset, møterom 2",
        "address": "Storgata 1, 0101 Oslo",
        "step_free_access": True,
    }
    values.update(fields)
    return Meeting.objects.create(arena=arena, **values)


@dataclass
class MeetingWorld:
    service: Organisation
    other_service: Organisation
    public_arena: Arena
    private_arena: Arena
    meeting: Meeting  # in the public arena, 35 days ahead, agenda not published
    private_meeting: Meeting  # in the private arena, 35 days ahead
    member: User
    member_person: Person
    member_seat: Membership
    second_member_person: Person  # a member without a user account
    deputy: User
    deputy_person: Person
    second_deputy_person: Person  # deputy rank 2, no account
    org_a: Tenant
    org_b: Tenant
    secretariat: User
    other_secretariat: User
    platform_admin: User
    users: dict[str, User | None] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def meeting_world(
    org_a: Tenant, org_b: Tenant, secretariat: User, platform_admin: User
) -> MeetingWorld:
    service = secretariat.roles.get().organisation
    other_service = ServiceFactory(name="Annen kommune")
    other_secretariat = UserFactory(email="sekretariat-annen@example.org")
    RoleFactory(user=other_secretariat, organisation=other_service, role=RoleKind.SECRETARIAT)
    enable_totp(other_secretariat)

    public_arena = make_arena(service, ArenaKind.BRUKERUTVALG, name="Brukerutvalget")
    private_arena = make_arena(
        service, ArenaKind.REFERANSEGRUPPE, name="Lukket referansegruppe", is_public=False
    )

    member = UserFactory(email="medlem@example.org")
    member_person = make_person(
        "Mona Medlem", organisation=org_a.organisation, user=member, email=member.email
    )
    member_seat = seat(public_arena, member_person, represents=org_a.organisation)
    seat(private_arena, member_person, represents=org_a.organisation)
    second_member_person = make_person(
        "Sigurd Sekundær", organisation=org_a.organisation, email="sigurd@example.org"
    )
    seat(public_arena, second_member_person, represents=org_a.organisation)

    deputy = UserFactory(email="vara@example.org")
    deputy_person = make_person(
        "Vera Vara", organisation=org_a.organisation, user=deputy, email=deputy.email
    )
    seat(public_arena, deputy_person, MemberRole.DEPUTY, rank=1, represents=org_a.organisation)
    second_deputy_person = make_person(
        "Viggo Vara", organisation=org_a.organisation, email="viggo@example.org"
    )
    seat(
        public_arena,
        second_deputy_person,
        MemberRole.DEPUTY,
        rank=2,
        represents=org_a.organisation,
    )

    day = timezone.localdate() + datetime.timedelta(days=35)
    meeting = make_meeting(public_arena, day)
    private_meeting = make_meeting(private_arena, day, place="Møterom 3")

    world = MeetingWorld(
        service=service,
        other_service=other_service,
        public_arena=public_arena,
        private_arena=private_arena,
        meeting=meeting,
        private_meeting=private_meeting,
        member=member,
        member_person=member_person,
        member_seat=member_seat,
        second_member_person=second_member_person,
        deputy=deputy,
        deputy_person=deputy_person,
        second_deputy_person=second_deputy_person,
        org_a=org_a,
        org_b=org_b,
        secretariat=secretariat,
        other_secretariat=other_secretariat,
        platform_admin=platform_admin,
    )
    world.users = {
        "anonymous": None,
        "member": member,
        "deputy": deputy,
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
        "secretariat": secretariat,
        "other_secretariat": other_secretariat,
        "platform_admin": platform_admin,
    }
    return world


@pytest.fixture
def as_persona(meeting_world: MeetingWorld) -> Callable[[str], Client]:
    return meeting_world.client
