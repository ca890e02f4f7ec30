"""The arena page's public parts are cached for anonymous visitors (issue 6): keyed by what
they are made of, so every change shows at once, and never shown to anyone else."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.arenas.domain.arenas import set_reserved_seats, update_arena
from medvirk.arenas.domain.memberships import add_membership, end_membership
from medvirk.arenas.enums import EndReason, MemberRole
from medvirk.arenas.models import Arena
from medvirk.people.domain.profiles import update_person
from tests.arenas.conftest import World, make_person, seat
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def url(arena: Arena) -> str:
    return f"/arenaer/{arena.pk}/"


def page(client: Client, arena: Arena) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url(arena))
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def members_table(html: str) -> str:
    return html[
        html.index('id="members-heading"') : html.index(
            "</section>", html.index('id="members-heading"')
        )
    ]


def test_anonymous_page_is_served_from_the_cache(world: World) -> None:
    for i in range(12):
        seat(world.public_arena, make_person(f"Medlem {i:02d}"))
    first, html = page(Client(), world.public_arena)
    again, cached = page(Client(), world.public_arena)
    assert "Medlem 00" in html and "Medlem 11" in html
    assert again == 1 < first  # the arena (no fingerprint: its version is in the cache)
    assert strip_csrf(cached) == strip_csrf(html)


def strip_csrf(html: str) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+"', "", html)


def test_membership_changes_show_at_once(world: World, secretariat: User) -> None:
    arena = world.public_arena
    person = make_person("Nina Nymedlem")
    assert "Nina Nymedlem" not in page(Client(), arena)[1]
    today = timezone.localdate()
    membership = add_membership(
        arena=arena,
        by=secretariat,
        person=person,
        role=MemberRole.MEMBER,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=700),
    )
    assert "Nina Nymedlem" in members_table(page(Client(), arena)[1])
    end_membership(membership, by=secretariat, reason=EndReason.REMOVED)
    assert "Nina Nymedlem" not in members_table(page(Client(), arena)[1])


def test_a_renamed_person_or_organisation_shows_at_once(world: World, platform_admin: User) -> None:
    arena = world.public_arena
    org = OrganisationFactory(name="Gammel organisasjon")
    person = make_person("Gammelt Navn")
    seat(arena, person, represents=org)
    assert "Gammelt Navn" in page(Client(), arena)[1]
    update_person(person, by=platform_admin, data={"name": "Nytt Navn"})
    org.name = "Ny organisasjon"
    org.save()
    html = members_table(page(Client(), arena)[1])
    assert "Nytt Navn" in html and "Gammelt Navn" not in html
    assert "Ny organisasjon" in html


def test_arena_and_reserved_seat_changes_show_at_once(world: World, secretariat: User) -> None:
    arena = world.public_arena
    page(Client(), arena)
    update_arena(arena, by=secretariat, name="Eldrerådet i byen")
    assert "Eldrerådet i byen" in page(Client(), arena)[1]
    org = OrganisationFactory(name="Pensjonistforbundet lokalt")
    set_reserved_seats(arena, by=secretariat, seats=[{"organisation": org, "seats": 2}])
    assert "Pensjonistforbundet lokalt: 2" in page(Client(), arena)[1]


def test_an_arena_made_private_is_404_for_anonymous_at_once(
    world: World, secretariat: User
) -> None:
    arena = world.public_arena
    page(Client(), arena)
    update_arena(arena, by=secretariat, is_public=False)
    assert Client().get(url(arena)).status_code == 404


def test_private_arena_never_reaches_anonymous_visitors(world: World) -> None:
    member = Client()
    member.force_login(world.representative)
    assert "Rita Representant" in page(member, world.private_arena)[1]
    for _round in range(2):
        assert Client().get(url(world.private_arena)).status_code == 404


def test_personal_actions_stay_personal(world: World, secretariat: User, arena_client: Any) -> None:
    """The member's resign button and the secretariat's tools are never in the cached parts,
    and the cached parts never replace what a logged-in user sees."""
    rep = world.representative
    world.private_arena.is_public = True
    world.private_arena.save()
    arena = world.private_arena
    member = arena_client("representative")
    manager = arena_client("secretariat")
    for _round in range(2):
        own = page(member, arena)[1]
        assert "Trekk deg fra vervet" in own
        tools = page(manager, arena)[1]
        assert "Legg til medlem" in tools and "Tidligere medlemskap" in tools
        anonymous = page(Client(), arena)[1]
        assert "Rita Representant" in anonymous
        assert "Trekk deg fra vervet" not in anonymous and "Legg til medlem" not in anonymous
        assert "Tidligere medlemskap" not in anonymous
    assert rep.pk  # the persona logged in above
