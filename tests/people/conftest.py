"""The people personas: one representative and everyone around them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import EndReason
from medvirk.arenas.models import Arena
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Person
from tests.conftest import Tenant, enable_totp
from tests.factories import RoleFactory, ServiceFactory, UmbrellaFactory, UserFactory
from tests.factories.people import (
    AffiliationFactory,
    ArenaFactory,
    MembershipFactory,
    PersonFactory,
)

PEOPLE_PERSONAS = [
    "anonymous",
    "self",
    "pool_admin",
    "other_admin",
    "umbrella_admin",
    "sitting_secretariat",
    "other_secretariat",
    "platform_admin",
]


@dataclass
class World:
    person: Person
    arena: Arena
    users: dict[str, User | None]
    ended_secretariat: User

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users[persona]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(org_a: Tenant, org_b: Tenant, secretariat: User, platform_admin: User) -> World:
    """A representative with an account, in org A's pool, sitting now in an arena of
    service S; an earlier membership in service E's arena has ended."""
    representative = UserFactory(email="representant@example.org", name="Rita Representant")
    person = PersonFactory(
        user=representative, name="Rita Representant", email="representant@example.org"
    )
    AffiliationFactory(person=person, organisation=org_a.organisation, kind=AffiliationKind.POOL)
    umbrella = UmbrellaFactory(name="Paraplyen")
    org_a.organisation.umbrellas.add(umbrella)
    umbrella_admin = UserFactory(email="paraply@example.org")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)

    service = ServiceFactory(name="Tjeneste S")
    arena = ArenaFactory(owner=service, name="Brukerutvalget i S")
    MembershipFactory(arena=arena, person=person)
    sitting = UserFactory(email="sekretariat-s@example.org")
    RoleFactory(user=sitting, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(sitting)

    ended_service = ServiceFactory(name="Tjeneste E")
    today = datetime.date.today()
    MembershipFactory(
        arena=ArenaFactory(owner=ended_service, name="Eldrerådet i E"),
        person=person,
        starts_on=today - datetime.timedelta(days=900),
        ends_on=today + datetime.timedelta(days=100),
        ended_on=today - datetime.timedelta(days=30),
        end_reason=EndReason.RESIGNED,
    )
    ended = UserFactory(email="sekretariat-e@example.org")
    RoleFactory(user=ended, organisation=ended_service, role=RoleKind.SECRETARIAT)
    enable_totp(ended)

    users: dict[str, User | None] = {
        "anonymous": None,
        "self": representative,
        "pool_admin": org_a.admin,
        "other_admin": org_b.admin,
        "umbrella_admin": umbrella_admin,
        "sitting_secretariat": sitting,
        "other_secretariat": secretariat,
        "platform_admin": platform_admin,
    }
    return World(person=person, arena=arena, users=users, ended_secretariat=ended)


def fresh(user: Any) -> Any:
    """The user re-read, so cached roles do not leak between checks."""
    return User.objects.get(pk=user.pk) if user is not None else None
