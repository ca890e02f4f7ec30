"""The arena form's reserved-seat rows (issue 13): one cached organisation menu for every
row, statements constant as organisations grow, a service refused as a seat's organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.arenas.conftest import World
from tests.factories import OrganisationFactory, UmbrellaFactory

pytestmark = pytest.mark.django_db


def test_edit_statements_do_not_grow_with_organisations(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    counts = []
    for _round in range(2):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        for _n in range(30):
            OrganisationFactory()
            UmbrellaFactory()
    assert counts[0] == counts[1] <= 15
    assert f'value="{world.service.pk}"' not in page.split('name="seats-0-organisation"')[1][:20000]


def test_a_service_is_refused_as_a_seats_organisation(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": world.public_arena.name,
            "seats-TOTAL_FORMS": "1",
            "seats-INITIAL_FORMS": "0",
            "seats-0-organisation": str(world.service.pk),
            "seats-0-seats": "1",
        }
    )
    response = client.post(url, {k: v for k, v in data.items() if not hasattr(v, "pk")})
    assert response.status_code == 422
    assert "Velg et gyldig valg" in response.content.decode()


def test_edit_statements_do_not_grow_with_reserved_seat_rows(
    world: World, arena_client: Any
) -> None:
    from medvirk.arenas.models import ReservedSeat

    client = arena_client("secretariat")
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    counts = []
    for rows in (1, 6):
        ReservedSeat.objects.filter(arena=world.public_arena).delete()
        for _n in range(rows):
            ReservedSeat.objects.create(
                arena=world.public_arena, organisation=OrganisationFactory(), seats=1
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        # Every row lists the competence areas (read once for the page).
        assert page.count('name="seats-') >= rows
    assert counts[0] == counts[1] <= 15


def test_an_unknown_competence_area_is_refused_in_a_seat_row(
    world: World, arena_client: Any
) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:edit", args=[world.public_arena.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": world.public_arena.name,
            "seats-TOTAL_FORMS": "1",
            "seats-INITIAL_FORMS": "0",
            "seats-0-competence_area": "999999",
            "seats-0-seats": "1",
        }
    )
    response = client.post(url, {k: v for k, v in data.items() if not hasattr(v, "pk")})
    assert response.status_code == 422
    assert "Velg et gyldig valg" in response.content.decode()
