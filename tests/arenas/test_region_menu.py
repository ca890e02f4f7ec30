"""The region (and owner) filter menus of /arenaer/ and /moter/ are cached under the cache
registry (``arenas.caching.MENUS``, issue 13): no SELECT DISTINCT per request, a menu
that follows the writes that change it (through the domain functions, on commit), and a
form that still validates what is submitted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.domain.arenas import create_arena, update_arena
from medvirk.arenas.enums import ArenaKind
from medvirk.directory.domain.organisations import update_organisation
from medvirk.directory.models import Region
from tests.arenas.conftest import make_arena
from tests.factories import KommuneFactory, RegionFactory, ServiceFactory
from tests.meetings import conftest as meetings_conftest
from tests.meetings.conftest import MeetingWorld

meeting_world = meetings_conftest.meeting_world

ARENAS = reverse("arenas:list")
UPCOMING = reverse("meetings:upcoming")


def menu(client: Client, url: str, params: dict[str, Any] | None = None) -> list[str]:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return [
        str(label) for value, label in response.context["form"].fields["region"].choices if value
    ]


def statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def places(meeting_world: MeetingWorld) -> dict[str, Region]:
    """The service (public and private arenas) serves Bergen, in Vestland; Troms has a
    service with a private arena only; Agder has a service without arenas."""
    vestland = RegionFactory(code="46", name="Vestland")
    bergen = KommuneFactory(code="4601", name="Bergen", parent=vestland)
    troms = RegionFactory(code="55", name="Troms")
    agder = RegionFactory(code="42", name="Agder")
    meeting_world.service.regions.set([bergen])
    hidden = ServiceFactory(name="Tromsø kommune")
    hidden.regions.set([troms])
    make_arena(hidden, ArenaKind.ELDRERAD, name="Lukket eldreråd", is_public=False)
    ServiceFactory(name="Agder kommune").regions.set([agder])
    cache.clear()
    return {"vestland": vestland, "bergen": bergen, "troms": troms, "agder": agder}


def test_the_menus_list_where_arenas_are(client: Client, places: dict[str, Region]) -> None:
    # A fylke is in the menu when a kommune in it is served (the filter's semantics).
    assert menu(client, UPCOMING) == ["Bergen", "Vestland"]
    assert menu(client, ARENAS) == ["Bergen", "Troms", "Vestland"]


@pytest.mark.parametrize("url", [ARENAS, UPCOMING])
def test_the_menu_costs_no_statement_once_cached_and_stays_constant(
    client: Client, places: dict[str, Region], url: str
) -> None:
    cold = statements(client, url)
    warm = statements(client, url)
    assert warm < cold  # the SELECT DISTINCT (and the owners) are not run again
    assert statements(client, url) == warm
    for n in range(10):
        kommune = KommuneFactory(code=f"47{n:02d}", name=f"Kommune {n}", parent=places["vestland"])
        service = ServiceFactory(name=f"Tjeneste {n}")
        service.regions.set([kommune])
        make_arena(service, ArenaKind.ELDRERAD, name=f"Eldreråd {n}")
    statements(client, url)  # the writes retired the menu: filled once
    assert statements(client, url) == warm
    assert "Kommune 9" in menu(client, url)


def test_an_organisation_gaining_a_region_shows_at_once(
    client: Client,
    meeting_world: MeetingWorld,
    places: dict[str, Region],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert "Agder" not in menu(client, UPCOMING)
    assert "Agder" not in menu(client, ARENAS)
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(
            meeting_world.service,
            by=meeting_world.platform_admin,
            data={"regions": [places["bergen"], places["agder"]]},
        )
    assert menu(client, UPCOMING) == ["Agder", "Bergen", "Vestland"]
    assert menu(client, ARENAS) == ["Agder", "Bergen", "Troms", "Vestland"]
    # And losing it.
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(
            meeting_world.service, by=meeting_world.platform_admin, data={"regions": []}
        )
    assert menu(client, UPCOMING) == []


def test_a_new_arena_and_an_arena_made_public_show_at_once(
    client: Client,
    meeting_world: MeetingWorld,
    places: dict[str, Region],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    agder = ServiceFactory._meta.model.objects.get(name="Agder kommune")
    assert "Agder" not in menu(client, ARENAS)
    with django_capture_on_commit_callbacks(execute=True):
        arena = create_arena(
            by=meeting_world.platform_admin,
            owner=agder,
            kind=ArenaKind.ELDRERAD,
            name="Eldrerådet i Agder",
            is_public=False,
        )
    assert "Agder" in menu(client, ARENAS)
    assert "Agder" not in menu(client, UPCOMING)  # a private arena's meetings are not listed
    with django_capture_on_commit_callbacks(execute=True):
        update_arena(arena, by=meeting_world.platform_admin, is_public=True)
    assert "Agder" in menu(client, UPCOMING)


@pytest.mark.parametrize("url", [ARENAS, UPCOMING])
def test_a_region_not_in_the_menu_is_a_form_error_not_a_500(
    client: Client, places: dict[str, Region], url: str
) -> None:
    for value in (places["agder"].pk, 987654, "abc"):
        response = client.get(url, {"region": value})
        assert response.status_code == 200
        assert "region" in response.context["form"].errors, value
    # A region in the menu filters.
    response = client.get(url, {"region": places["vestland"].pk})
    assert response.context["form"].errors == {}
    assert response.context["filtered"] is True


def test_the_owner_menu_is_cached_and_validated(
    client: Client, meeting_world: MeetingWorld, places: dict[str, Region]
) -> None:
    response = client.get(ARENAS)
    owners = [label for value, label in response.context["form"].fields["owner"].choices if value]
    assert owners == [meeting_world.service.name, "Tromsø kommune"]
    response = client.get(ARENAS, {"owner": meeting_world.org_a.organisation.pk})
    assert "owner" in response.context["form"].errors
    response = client.get(ARENAS, {"owner": meeting_world.service.pk})
    assert response.context["form"].errors == {}
