"""A user organisation in an umbrella, and the personas of the network: the
organisation's admin (moderator), a member by role, a member by affiliation only, the
umbrella's admin, a member of another organisation in the same umbrella, an outsider (a
role in an unrelated organisation), a former member (an affiliation that has ended), a
platform admin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.directory.models import Organisation
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, UmbrellaFactory, UserFactory
from tests.factories.people import AffiliationFactory, PersonFactory


@dataclass
class World:
    org: Organisation
    umbrella: Organisation
    sibling: Organisation
    other: Organisation
    admin: User
    member: User
    affiliated: User
    umbrella_admin: User
    sibling_member: User
    outsider: User
    former: User
    platform_admin: User


def _user(name: str) -> User:
    return UserFactory(name=name)


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def make_world() -> World:
    umbrella = UmbrellaFactory(name="Paraplyen")
    org = OrganisationFactory(name="Hørselsforeningen")
    sibling = OrganisationFactory(name="Synsforeningen")
    other = OrganisationFactory(name="Annen forening")
    org.umbrellas.add(umbrella)
    sibling.umbrellas.add(umbrella)
    admin = _user("Ada Admin")
    RoleFactory(user=admin, organisation=org, role=RoleKind.ADMIN)
    member = _user("Mona Medlem")
    RoleFactory(user=member, organisation=org, role=RoleKind.MEMBER)
    affiliated = _user("Tor Tilknyttet")
    AffiliationFactory(
        person=PersonFactory(user=affiliated, name="Tor Tilknyttet", preferred_language="nn"),
        organisation=org,
    )
    umbrella_admin = _user("Unni Paraply")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)
    sibling_member = _user("Siri Søster")
    RoleFactory(user=sibling_member, organisation=sibling, role=RoleKind.MEMBER)
    outsider = _user("Otto Utenfor")
    RoleFactory(user=outsider, organisation=other, role=RoleKind.ADMIN)
    former = _user("Frida Tidligere")
    AffiliationFactory(
        person=PersonFactory(user=former, name="Frida Tidligere"),
        organisation=org,
        until=datetime.date(2020, 1, 1),
    )
    platform_admin = UserFactory(name="Per Plattform", is_superuser=True, is_staff=True)
    enable_totp(platform_admin)
    return World(
        org=org,
        umbrella=umbrella,
        sibling=sibling,
        other=other,
        admin=admin,
        member=member,
        affiliated=affiliated,
        umbrella_admin=umbrella_admin,
        sibling_member=sibling_member,
        outsider=outsider,
        former=former,
        platform_admin=platform_admin,
    )
