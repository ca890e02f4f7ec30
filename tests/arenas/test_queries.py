"""The arena list, the arena page and the organisation page run a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.enums import ArenaKind, MemberRole
from medvirk.arenas.models import Arena, ReservedSeat
from medvirk.people.enums import CompetenceCategory
from medvirk.people.models import CompetenceArea
from tests.arenas.conftest import World, make_arena, make_person, seat
from tests.factories import KommuneFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def count_queries(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    client.get(url, params or {})  # warm caches (content types, sessions)
    # Count the work itself, not a hit in the page cache (issue 6; tested on its own).
    django_cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def add_arenas(count: int, start: int = 0) -> None:
    kommune = KommuneFactory(code="4601", name="Bergen")
    for i in range(start, start + count):
        owner = ServiceFactory(name=f"Tjeneste {i:03d}")
        owner.regions.set([kommune])
        make_arena(owner, list(ArenaKind)[i % len(ArenaKind)], name=f"Arena {i:03d}")
        make_arena(owner, ArenaKind.BRUKERPANEL, name=f"Privat {i:03d}", is_public=False)


@pytest.mark.parametrize(
    "persona", ["anonymous", "representative", "secretariat", "platform_admin"]
)
def test_arena_list_constant_queries(
    world: World, arena_client: Any, persona: str, settings: Any
) -> None:
    settings.MEDVIRK_PAGE_SIZE = 100
    client = arena_client(persona)
    url = reverse("arenas:list")
    add_arenas(1)
    one = count_queries(client, url)
    one_filtered = count_queries(client, url, {"region": KommuneFactory(code="4601").pk})
    add_arenas(49, start=1)
    assert count_queries(client, url) == one
    assert count_queries(client, url, {"region": KommuneFactory(code="4601").pk}) == one_filtered


def fill(arena: Arena, start: int, count: int, area: CompetenceArea) -> None:
    for i in range(start, start + count):
        org = OrganisationFactory(name=f"Forening {i:03d}")
        seat(arena, make_person(f"Medlem {i:03d}"), MemberRole.MEMBER, represents=org)
        seat(arena, make_person(f"Vara {i:03d}"), MemberRole.DEPUTY, rank=i + 1, represents=org)
        ReservedSeat.objects.create(arena=arena, organisation=org, seats=1)
        ended = seat(arena, make_person(f"Tidligere {i:03d}"), represents=org)
        ended.ended_on, ended.end_reason = ended.starts_on, "resigned"
        ended.save()
    arena.required_competence.add(area)


@pytest.mark.parametrize("persona", ["anonymous", "representative", "secretariat"])
def test_arena_detail_constant_queries(world: World, arena_client: Any, persona: str) -> None:
    client = arena_client(persona)
    arena = world.public_arena
    arena.members_count = arena.deputies_count = 50
    arena.save()
    area = CompetenceArea.objects.create(
        slug="x", name_nb="X", name_nn="X", name_en="X", category=CompetenceCategory.SERVICE_AREA
    )
    fill(arena, 0, 1, area)
    seat(arena, make_person("Leder"), MemberRole.CHAIR)
    one = count_queries(client, arena.get_absolute_url())
    fill(arena, 1, 49, area)
    assert count_queries(client, arena.get_absolute_url()) == one


def test_organisation_detail_constant_queries_with_arenas(world: World) -> None:
    client = Client()
    url = world.service.get_absolute_url()
    one = count_queries(client, url)
    for i in range(20):
        make_arena(world.service, ArenaKind.BRUKERPANEL, name=f"Panel {i}")
    assert count_queries(client, url) == one
