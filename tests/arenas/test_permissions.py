"""Persona matrix over every arena page and action."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import EndReason
from medvirk.arenas.models import Membership
from medvirk.common.dates import add_years
from tests.arenas.conftest import ARENA_PERSONAS, World

pytestmark = pytest.mark.django_db

# persona -> expected status; 302 to login for anonymous on login-only pages.
LIST = dict.fromkeys(ARENA_PERSONAS, 200)
PUBLIC_DETAIL = dict.fromkeys(ARENA_PERSONAS, 200)
PRIVATE_DETAIL = {
    "anonymous": 404,
    "representative": 200,
    "admin_a": 404,
    "secretariat": 200,
    "other_secretariat": 404,
    "platform_admin": 200,
}
MANAGE = {
    "anonymous": 302,
    "representative": 403,
    "admin_a": 403,
    "secretariat": 200,
    "other_secretariat": 403,
    "platform_admin": 200,
}
CREATE = {**MANAGE, "other_secretariat": 200}  # may create arenas for their own service


@pytest.mark.parametrize("persona", ARENA_PERSONAS)
def test_arena_pages_matrix(world: World, arena_client: Any, persona: str) -> None:
    client = arena_client(persona)
    arena, private = world.public_arena, world.private_arena
    pages = {
        reverse("arenas:list"): LIST,
        arena.get_absolute_url(): PUBLIC_DETAIL,
        private.get_absolute_url(): PRIVATE_DETAIL,
        reverse("arenas:create"): CREATE,
        reverse("arenas:edit", args=[private.pk]): MANAGE,
        reverse("arenas:membership_add", args=[private.pk]): MANAGE,
        reverse("arenas:membership_end", args=[world.rep_membership.pk]): MANAGE,
    }
    got = {url: client.get(url).status_code for url in pages}
    assert got == {url: expected[persona] for url, expected in pages.items()}


def test_private_arena_in_list_matrix(world: World, arena_client: Any) -> None:
    seen = {
        persona: "Lukket referansegruppe"
        in arena_client(persona).get(reverse("arenas:list")).content.decode()
        for persona in ARENA_PERSONAS
    }
    assert seen == {p: v == 200 for p, v in PRIVATE_DETAIL.items()}


def test_secretariat_only_links_matrix(world: World, arena_client: Any) -> None:
    edit_url = reverse("arenas:edit", args=[world.public_arena.pk])
    seen = {
        persona: edit_url
        in arena_client(persona).get(world.public_arena.get_absolute_url()).content.decode()
        for persona in ARENA_PERSONAS
    }
    assert seen == {p: MANAGE[p] == 200 for p in ARENA_PERSONAS}


RESIGN = {
    "anonymous": 302,
    "representative": 302,
    "admin_a": 403,
    "secretariat": 302,
    "other_secretariat": 403,
    "platform_admin": 302,
}


@pytest.mark.parametrize("persona", ARENA_PERSONAS)
def test_resign_and_end_post_matrix(world: World, arena_client: Any, persona: str) -> None:
    client = arena_client(persona)
    membership = world.rep_membership
    response = client.post(reverse("arenas:resign", args=[membership.pk]))
    assert response.status_code == RESIGN[persona]
    membership.refresh_from_db()
    resigned = membership.end_reason == EndReason.RESIGNED
    assert resigned == (persona in {"representative", "secretariat", "platform_admin"})
    # A fresh membership to end.
    fresh = Membership.objects.create(
        arena=world.private_arena,
        person=world.rep_person,
        role="member",
        starts_on=timezone.localdate(),
        ends_on=add_years(timezone.localdate(), 1),
    )
    response = client.post(
        reverse("arenas:membership_end", args=[fresh.pk]),
        {"reason": EndReason.REMOVED, "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == (302 if MANAGE[persona] in (200, 302) else 403)
    fresh.refresh_from_db()
    assert (fresh.ended_on is not None) == (MANAGE[persona] == 200)


@pytest.mark.parametrize("persona", ARENA_PERSONAS)
def test_promote_and_add_post_matrix(world: World, arena_client: Any, persona: str) -> None:
    client = arena_client(persona)
    response = client.post(reverse("arenas:promote", args=[world.private_arena.pk]))
    assert response.status_code == (302 if MANAGE[persona] in (200, 302) else 403)
    response = client.post(
        reverse("arenas:membership_add", args=[world.public_arena.pk]),
        {
            "person": world.rep_person.pk,
            "role": "member",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": add_years(timezone.localdate(), 1).isoformat(),
        },
    )
    assert response.status_code == (302 if MANAGE[persona] in (200, 302) else 403)
    added = Membership.objects.filter(arena=world.public_arena).exists()
    assert added == (MANAGE[persona] == 200)
