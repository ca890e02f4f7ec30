"""The secretariat's candidate list: who may see it, what it shows, and its query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from tests.appointments.test_matching import in_pool, make_request
from tests.conftest import enable_totp
from tests.factories import (
    OrganisationFactory,
    RoleFactory,
    ServiceFactory,
    UmbrellaFactory,
    UserFactory,
)
from tests.factories.people import ArenaFactory, CompetenceAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arena() -> Arena:
    return ArenaFactory(name="Brukerutvalget", members_count=7, gender_balance=False)


@pytest.fixture
def pool_org() -> Organisation:
    return OrganisationFactory(name="Mental Helse Vestland")


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("representative", 403),
        ("pool_admin", 403),
        ("other_admin", 403),
        ("umbrella_admin", 403),
        ("other_secretariat", 403),
        ("owner_secretariat", 200),
        ("platform_admin", 200),
    ],
)
def test_candidate_list_is_for_the_owning_service_only(
    arena: Arena, pool_org: Organisation, persona: str, expected: int
) -> None:
    request = make_request(arena, [pool_org])
    in_pool(pool_org, "Kari Kandidat")
    users: dict[str, Any] = {"anonymous": None}
    users["pool_admin"] = UserFactory()
    RoleFactory(user=users["pool_admin"], organisation=pool_org, role=RoleKind.ADMIN)
    users["representative"] = UserFactory()
    candidate = in_pool(pool_org, "Rita Representant")
    candidate.user = users["representative"]
    candidate.save()
    users["other_admin"] = UserFactory()
    RoleFactory(user=users["other_admin"], organisation=OrganisationFactory(), role=RoleKind.ADMIN)
    umbrella = UmbrellaFactory()
    pool_org.umbrellas.add(umbrella)
    users["umbrella_admin"] = UserFactory()
    RoleFactory(user=users["umbrella_admin"], organisation=umbrella, role=RoleKind.ADMIN)
    users["other_secretariat"] = UserFactory()
    RoleFactory(
        user=users["other_secretariat"], organisation=ServiceFactory(), role=RoleKind.SECRETARIAT
    )
    users["owner_secretariat"] = UserFactory()
    RoleFactory(
        user=users["owner_secretariat"], organisation=arena.owner, role=RoleKind.SECRETARIAT
    )
    users["platform_admin"] = UserFactory(is_superuser=True, is_staff=True)
    for user in users.values():
        if user is not None:
            enable_totp(user)

    response = client_for(users[persona]).get(reverse("appointments:candidates", args=[request.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert "Kari Kandidat" in response.content.decode()


def test_candidate_list_shows_the_reasons_for_each_rank(
    arena: Arena, pool_org: Organisation
) -> None:
    area = CompetenceAreaFactory(name_nb="Psykisk helse")
    request = make_request(arena, [pool_org], wanted=[area])
    person = in_pool(pool_org, "Kari Kandidat")
    person.competence_areas.add(area)
    secretariat = UserFactory()
    RoleFactory(user=secretariat, organisation=arena.owner, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)

    page = client_for(secretariat).get(reverse("appointments:candidates", args=[request.pk]))

    assert "Psykisk helse" in page.content.decode()
    assert "poeng" in page.content.decode()


def test_candidate_list_without_candidates_explains_why(
    arena: Arena, pool_org: Organisation
) -> None:
    request = make_request(arena, [pool_org])
    secretariat = UserFactory()
    RoleFactory(user=secretariat, organisation=arena.owner, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)

    page = client_for(secretariat).get(reverse("appointments:candidates", args=[request.pk]))

    assert "Ingen personer i de inviterte organisasjonenes pooler passer" in page.content.decode()


def test_candidate_list_query_count_does_not_grow_with_candidates(
    arena: Arena, pool_org: Organisation
) -> None:
    request = make_request(arena, [pool_org])
    secretariat = UserFactory()
    RoleFactory(user=secretariat, organisation=arena.owner, role=RoleKind.SECRETARIAT)
    enable_totp(secretariat)
    client = client_for(secretariat)
    url = reverse("appointments:candidates", args=[request.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    in_pool(pool_org, "Person 0")
    one = count()
    for n in range(1, 50):
        in_pool(pool_org, f"Person {n}")
    assert count() == one
