"""Regression: a private arena of one service does not show on person pages to the
secretariat of another service (the arena page answers 404 to them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory, MembershipFactory
from tests.people.conftest import World

pytestmark = pytest.mark.django_db

SECRET_NAME = "Lukket gruppe i T"


def _private_seat_elsewhere(world: World) -> tuple[int, User]:
    """The representative also sits in a private arena of service T; T's secretariat."""
    service_t = ServiceFactory(name="Tjeneste T")
    private = ArenaFactory(owner=service_t, name=SECRET_NAME, is_public=False)
    MembershipFactory(arena=private, person=world.person)
    t_secretariat = UserFactory(email="sekretariat-t@example.org")
    RoleFactory(user=t_secretariat, organisation=service_t, role=RoleKind.SECRETARIAT)
    enable_totp(t_secretariat)
    return private.pk, t_secretariat


def test_private_arena_of_another_service_is_hidden_on_the_person_page(world: World) -> None:
    private_pk, _t_secretariat = _private_seat_elsewhere(world)
    client = world.client("sitting_secretariat")

    assert client.get(reverse("arenas:detail", args=[private_pk])).status_code == 404
    page = client.get(reverse("people:detail", args=[world.person.pk]))
    assert page.status_code == 200
    assert SECRET_NAME not in page.content.decode()
    assert world.arena.name in page.content.decode()


def test_private_arena_shows_to_its_own_secretariat_the_person_and_platform_admin(
    world: World,
) -> None:
    private_pk, t_secretariat = _private_seat_elsewhere(world)
    world.users["t_secretariat"] = t_secretariat
    for persona in ["t_secretariat", "self", "platform_admin"]:
        client = world.client(persona)
        assert client.get(reverse("arenas:detail", args=[private_pk])).status_code == 200
        page = client.get(reverse("people:detail", args=[world.person.pk]))
        assert (persona, SECRET_NAME in page.content.decode()) == (persona, True)
