"""A representative can resign from a seat on "Mine oppdrag", after confirming."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medvirk.arenas.enums import EndReason
from medvirk.arenas.models import Membership
from tests.people.conftest import World

pytestmark = pytest.mark.django_db


def current_membership(world: World) -> Membership:
    return Membership.objects.current().get(person=world.person, arena=world.arena)


def test_mine_oppdrag_links_current_seats_to_a_confirmation(world: World) -> None:
    membership = current_membership(world)

    body = world.client("self").get(reverse("people:mine")).content.decode()

    assert reverse("arenas:resign_confirm", args=[membership.pk]) in body


def test_confirmation_page_then_resignation_ends_the_seat(world: World, mailoutbox: list) -> None:
    membership = current_membership(world)
    client = world.client("self")

    page = client.get(reverse("arenas:resign_confirm", args=[membership.pk]))
    assert page.status_code == 200
    assert world.arena.name in page.content.decode()
    assert Membership.objects.get(pk=membership.pk).ended_on is None  # asking changes nothing

    response = client.post(
        reverse("arenas:resign", args=[membership.pk]), {"next": reverse("people:mine")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:mine")
    membership.refresh_from_db()
    assert membership.end_reason == EndReason.RESIGNED
    assert membership.ended_on is not None


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("pool_admin", 403),
        ("other_admin", 403),
        ("umbrella_admin", 403),
        ("other_secretariat", 403),
        ("platform_admin", 200),
        ("sitting_secretariat", 200),
        ("self", 200),
    ],
)
def test_who_may_open_the_resignation_page(world: World, persona: str, expected: int) -> None:
    membership = current_membership(world)

    response = world.client(persona).get(reverse("arenas:resign_confirm", args=[membership.pk]))

    assert response.status_code == expected
