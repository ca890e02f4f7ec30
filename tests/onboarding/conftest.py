"""Onboarding's world: a service with a council, a new member (with an account), the
council's secretariat, a member of another council of the same service, the secretariat
of another service, and a platform admin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.people.models import Person
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory, MembershipFactory, PersonFactory

PERSONAS = ["anonymous", "member", "secretariat", "other_member", "other_secretariat", "admin"]


@dataclass
class World:
    service: Organisation
    arena: Arena
    member: User
    person: Person
    seat: Membership
    secretariat: User
    other_member: User
    other_secretariat: User
    admin: User

    def user(self, persona: str) -> User | None:
        return None if persona == "anonymous" else getattr(self, persona)

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.user(persona)
        if user is not None:
            client.force_login(user)
        return client


def new_member(arena: Arena, name: str, days_ago: int = 10, **kwargs: Any) -> Membership:
    today = timezone.localdate()
    user = UserFactory(name=name)
    person = PersonFactory(name=name, user=user, email=user.email)
    return MembershipFactory(
        arena=arena,
        person=person,
        starts_on=today - datetime.timedelta(days=days_ago),
        ends_on=today + datetime.timedelta(days=700),
        **kwargs,
    )


@pytest.fixture
def world(db: Any) -> World:
    service = ServiceFactory(name="Nordby kommune")
    arena = ArenaFactory(owner=service, kind=ArenaKind.ELDRERAD, name="Eldrerådet i Nordby")
    seat = new_member(arena, "Nina Ny")
    other_arena = ArenaFactory(owner=service, kind=ArenaKind.UNGDOMSRAD, name="Ungdomsrådet")
    other_seat = new_member(other_arena, "Ole Annen")
    secretariat = UserFactory(name="Siri Sekretær")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    other_secretariat = UserFactory(name="Sverre Sørby")
    RoleFactory(user=other_secretariat, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    enable_totp(other_secretariat)
    admin = UserFactory(name="Plattform", is_superuser=True, is_staff=True)
    enable_totp(admin)
    return World(
        service=service,
        arena=arena,
        member=seat.person.user,
        person=seat.person,
        seat=seat,
        secretariat=secretariat,
        other_member=other_seat.person.user,
        other_secretariat=other_secretariat,
        admin=admin,
    )
