"""Ended memberships on an arena's page (issue 13): a page at a time, latest end first,
statements the same with one ended seat or many."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.enums import EndReason
from medvirk.arenas.views import HISTORY_PAGE, HISTORY_PAGE_SIZE
from tests.arenas.conftest import World
from tests.factories.people import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def end_seats(world: World, count: int, *, start: int = 0) -> None:
    today = datetime.date.today()
    for n in range(start, start + count):
        MembershipFactory(
            arena=world.public_arena,
            person=PersonFactory(name=f"Tidligere {n:03d}"),
            starts_on=today - datetime.timedelta(days=2000),
            ends_on=today + datetime.timedelta(days=100),
            ended_on=today - datetime.timedelta(days=1 + n),
            end_reason=EndReason.RESIGNED,
        )


def test_history_is_paged_latest_first(world: World, arena_client: Any) -> None:
    end_seats(world, HISTORY_PAGE_SIZE + 5)
    client = arena_client("secretariat")
    url = reverse("arenas:detail", args=[world.public_arena.pk])
    first = client.get(url).context["history"]
    second = client.get(url, {HISTORY_PAGE: 2}).context["history"]
    assert [m.person.name for m in first.object_list][:2] == ["Tidligere 000", "Tidligere 001"]
    assert len(first.object_list) == HISTORY_PAGE_SIZE
    assert [m.person.name for m in second.object_list][-1] == (
        f"Tidligere {HISTORY_PAGE_SIZE + 4:03d}"
    )
    assert first.paginator.count == HISTORY_PAGE_SIZE + 5


def test_history_statements_do_not_grow(world: World, arena_client: Any) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:detail", args=[world.public_arena.pk])
    end_seats(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    end_seats(world, HISTORY_PAGE_SIZE * 2, start=1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few) <= 15
    assert "Sider med tidligere medlemskap" in page
