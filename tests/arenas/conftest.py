"""Personas and arenas shared by the arena tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.arenas.enums import ArenaKind, MemberRole
from medvirk.arenas.kinds import TEMPLATES
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, Person
from tests.conftest import Tenant, enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory


def make_arena(owner: Organisation, kind: str = ArenaKind.BRUKERUTVALG, **fields: Any) -> Arena:
    template = TEMPLATES[ArenaKind(kind)]
    values: dict[str, Any] = {
        "name": f"{ArenaKind(kind).label} i {owner.name}",
        "level": template.level,
        "influence": template.influence,
        "term_years": template.term_years,
        "max_age_at_appointment": template.max_age_at_appointment,
    }
    values.update(fields)
    return Arena.objects.create(owner=owner, kind=kind, **values)


def make_person(name: str, *, organisation: Organisation | None = None, **fields: Any) -> Person:
    person = Person.objects.create(name=name, **fields)
    if organisation is not None:
        Affiliation.objects.create(
            person=person, organisation=organisation, kind=AffiliationKind.POOL
        )
    return person


def seat(
    arena: Arena,
    person: Person,
    role: str = MemberRole.MEMBER,
    *,
    rank: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    represents: Organisation | None = None,
) -> Membership:
    today = timezone.localdate()
    return Membership.objects.create(
        arena=arena,
        person=person,
        role=role,
        deputy_rank=rank,
        represents=represents,
        starts_on=starts_on or today - datetime.timedelta(days=30),
        ends_on=ends_on or today + datetime.timedelta(days=300),
    )


@dataclass
class World:
    service: Organisation  # owned by the `secretariat` persona
    other_service: Organisation
    public_arena: Arena
    private_arena: Arena
    representative: User  # a current member of the private arena
    rep_person: Person
    rep_membership: Membership
    other_secretariat: User
    org_a: Tenant


@pytest.fixture
def world(org_a: Tenant, secretariat: User) -> World:
    service = secretariat.roles.get().organisation
    other_service = ServiceFactory(name="Annen kommune")
    other_secretariat = UserFactory(email="sekretariat-annen@example.org")
    RoleFactory(user=other_secretariat, organisation=other_service, role=RoleKind.SECRETARIAT)
    enable_totp(other_secretariat)
    public_arena = make_arena(service, ArenaKind.ELDRERAD, name="Eldrerådet")
    private_arena = make_arena(
        service, ArenaKind.REFERANSEGRUPPE, name="Lukket referansegruppe", is_public=False
    )
    representative = UserFactory(email="representant@example.org")
    rep_person = make_person(
        "Rita Representant", organisation=org_a.organisation, user=representative
    )
    membership = seat(private_arena, rep_person, represents=org_a.organisation)
    return World(
        service=service,
        other_service=other_service,
        public_arena=public_arena,
        private_arena=private_arena,
        representative=representative,
        rep_person=rep_person,
        rep_membership=membership,
        other_secretariat=other_secretariat,
        org_a=org_a,
    )


ARENA_PERSONAS = [
    "anonymous",
    "representative",
    "admin_a",
    "secretariat",
    "other_secretariat",
    "platform_admin",
]


@pytest.fixture
def arena_client(world: World, secretariat: User, platform_admin: User):
    users = {
        "anonymous": None,
        "representative": world.representative,
        "admin_a": world.org_a.admin,
        "secretariat": secretariat,
        "other_secretariat": world.other_secretariat,
        "platform_admin": platform_admin,
    }

    def make(name: str) -> Client:
        client = Client()
        if users[name] is not None:
            client.force_login(users[name])
        return client

    make.users = users  # type: ignore[attr-defined]
    return make
