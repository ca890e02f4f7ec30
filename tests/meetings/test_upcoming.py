"""The public list of upcoming meetings: what it shows, its filters, paging, empty state
and query count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import ArenaKind
from medvirk.meetings.domain.plan import cancel_meeting
from tests.arenas.conftest import make_arena
from tests.factories import KommuneFactory
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, make_meeting

pytestmark = pytest.mark.django_db

URL = reverse("meetings:upcoming")


def text(response: Any) -> str:
    return response.content.decode()


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def spread(meeting_world: MeetingWorld) -> dict[str, Any]:
    """A second service in another kommune with an ungdomsråd, a cancelled and a past meeting."""
    bergen = KommuneFactory(name="Bergen")
    other_kommune = KommuneFactory(name="Tromsø")
    meeting_world.service.regions.set([bergen])  # type: ignore[list-item]
    meeting_world.other_service.regions.set([other_kommune])  # type: ignore[list-item]
    youth = make_arena(meeting_world.other_service, ArenaKind.UNGDOMSRAD, name="Ungdomsrådet")
    youth_meeting = make_meeting(youth, day(20), place="Ungdomshuset")
    cancelled = make_meeting(meeting_world.public_arena, day(50), place="Avlyst sted")
    cancel_meeting(cancelled, by=meeting_world.secretariat, reason="Ingen saker")
    make_meeting(meeting_world.public_arena, day(-2), place="Gammelt sted")
    return {"bergen": bergen, "tromso": other_kommune, "youth_meeting": youth_meeting}


def test_upcoming_shows_only_public_planned_future(
    meeting_world: MeetingWorld, spread: dict[str, Any]
) -> None:
    page = text(Client().get(URL))
    assert "Brukerutvalget" in page and "Ungdomsrådet" in page
    assert "Rådhuset, møterom 2" in page and "Ungdomshuset" in page
    assert "Møterom 3" not in page  # the private arena's meeting
    assert "Lukket referansegruppe" not in page
    assert "Avlyst sted" not in page and "Gammelt sted" not in page
    # sorted by time: the youth council (20 days) before the brukerutvalg (35 days)
    assert page.index("Ungdomshuset") < page.index("Rådhuset, møterom 2")
    assert "2 møter" in page


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_upcoming_never_shows_private_meetings(
    meeting_world: MeetingWorld, spread: dict[str, Any], persona: str
) -> None:
    page = text(meeting_world.client(persona).get(URL))
    assert "Møterom 3" not in page and "Brukerutvalget" in page


def test_upcoming_filters(meeting_world: MeetingWorld, spread: dict[str, Any]) -> None:
    client = Client()
    page = text(client.get(URL, {"kind": ArenaKind.UNGDOMSRAD}))
    assert "Ungdomshuset" in page and "Rådhuset, møterom 2" not in page
    page = text(client.get(URL, {"region": spread["bergen"].pk}))
    assert "Rådhuset, møterom 2" in page and "Ungdomshuset" not in page
    # a fylke matches the kommuner in it
    page = text(client.get(URL, {"region": spread["bergen"].parent.pk}))
    assert "Rådhuset, møterom 2" in page and "Ungdomshuset" not in page
    page = text(client.get(URL, {"region": spread["tromso"].pk, "kind": ArenaKind.BRUKERUTVALG}))
    assert "Ingen kommende møter passer med filteret." in page
    assert "Fjern alle filtre" in page
    # a nonsense filter is dropped, not fatal
    response = client.get(URL, {"region": "999999", "kind": "tull"})
    assert response.status_code == 200
    assert "Ungdomshuset" in text(response) and "Rådhuset, møterom 2" in text(response)


def test_upcoming_form_works_without_js(
    meeting_world: MeetingWorld, spread: dict[str, Any]
) -> None:
    page = text(Client().get(URL))
    assert f'<form method="get" action="{URL}" role="search">' in page
    assert '<label class="ds-label" for="id_region">' in page
    assert '<label class="ds-label" for="id_kind">' in page
    assert ">Bergen<" in page and ">Tromsø<" in page


def test_upcoming_empty_state(db: Any) -> None:
    page = text(Client().get(URL))
    assert "Det er ingen kommende møter i offentlige arenaer ennå." in page
    assert reverse("arenas:list") in page


def test_upcoming_today_counts(meeting_world: MeetingWorld) -> None:
    now = timezone.localtime()
    earlier_today = now.replace(hour=0, minute=1, second=0, microsecond=0)
    make_meeting(
        meeting_world.public_arena,
        now.date(),
        starts_at=earlier_today,
        ends_at=earlier_today + datetime.timedelta(minutes=30),
        place="Dagens møte",
    )
    assert "Dagens møte" in text(Client().get(URL))


def test_upcoming_pagination(meeting_world: MeetingWorld) -> None:
    for i in range(30):
        make_meeting(meeting_world.public_arena, day(40 + i), place=f"Sted nummer {i:02d}")
    first = text(Client().get(URL))
    assert "Sted nummer 00" in first and "Sted nummer 23" in first
    assert "Sted nummer 24" not in first
    assert "Side 1 av 2" in first
    second = text(Client().get(URL, {"page": 2}))
    assert "Sted nummer 24" in second and "Sted nummer 29" in second
    assert "31 møter" in second


def _count(url: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"kind": ArenaKind.BRUKERUTVALG}, {"region": "fylke"}])
def test_upcoming_query_count_does_not_grow(
    meeting_world: MeetingWorld, spread: dict[str, Any], params: dict[str, Any]
) -> None:
    if params.get("region") == "fylke":
        params = {"region": spread["bergen"].parent.pk}
    before = 2 if not params else 1  # the youth council is neither brukerutvalg nor in Bergen
    small = _count(URL, params)
    for i in range(49):
        arena = make_arena(meeting_world.service, name=f"Råd {i}")
        make_meeting(arena, day(60 + i))
    assert _count(URL, params) == small
    assert f"{before + 49} møter" in text(Client().get(URL, params))


def test_upcoming_count_is_cached_and_retired_by_changes(
    meeting_world: MeetingWorld, spread: dict[str, Any]
) -> None:
    """The count and each page's HTML are cached per day and query (issue 13), and
    retired by any change to meetings, arenas, services or regions."""
    fylke = {"region": spread["bergen"].parent.pk}
    assert "2 møter" in text(Client().get(URL))
    assert "1 møte" in text(Client().get(URL, fylke))
    # Nothing but the region chosen (to validate the filter): no COUNT, no rows.
    assert _count(URL, {}) == 0 and _count(URL, fylke) == 1
    tromso = {"region": spread["tromso"].pk}
    assert "1 møte" in text(Client().get(URL, tromso))
    meeting_world.service.regions.add(spread["tromso"])  # the service now serves Tromsø too
    assert "2 møter" in text(Client().get(URL, tromso))
    cancel_meeting(spread["youth_meeting"], by=meeting_world.other_secretariat, reason="Ingen")
    assert "1 møte" in text(Client().get(URL))
    make_meeting(meeting_world.public_arena, day(70), place="Nytt sted")
    assert "2 møter" in text(Client().get(URL))
    arena = meeting_world.public_arena
    arena.name = "Omdøpt brukerutvalg"
    arena.save()
    assert "Omdøpt brukerutvalg" in text(Client().get(URL))
