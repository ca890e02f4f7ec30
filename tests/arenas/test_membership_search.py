"""The add-member form at national scale (issue 13): search first, never the whole country;
its statements do not grow with people or organisations; values outside its menus are
field errors."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.arenas.selectors import PEOPLE_SHOWN
from tests.arenas.conftest import World, make_person, seat
from tests.factories import OrganisationFactory, UmbrellaFactory

pytestmark = pytest.mark.django_db


def person_options(page: str) -> list[str]:
    """The names in the person menu."""
    menu = re.search(r'<select name="person".*?</select>', page, re.S)
    assert menu is not None
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', menu.group(0))


def grow(world: World, people: int, organisations: int) -> None:
    for n in range(organisations):
        OrganisationFactory()
        if n % 10 == 0:
            UmbrellaFactory()
    for n in range(people):
        make_person(f"Kari Nordmann {n:03}", organisation=world.org_a.organisation)


def test_statements_do_not_grow_with_people_or_organisations(
    world: World, arena_client: Any
) -> None:
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    seat(
        world.public_arena,
        make_person("Eva", organisation=world.org_a.organisation),
        represents=world.org_a.organisation,
    )
    client.get(url)
    counts = []
    for people, organisations in ((2, 2), (80, 40)):
        grow(world, people, organisations)
        for query in ("", "kari"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"q": query} if query else {}).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
    assert max(counts) <= 15


def test_without_a_search_only_people_of_the_arenas_organisations(
    world: World, arena_client: Any
) -> None:
    other = OrganisationFactory(name="Annen forening")
    make_person("Ola Annen", organisation=other)
    make_person("Sigrid Søker", organisation=world.org_a.organisation)
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    page = client.get(url).content.decode()
    assert person_options(page) == []
    assert "Søk etter navnet på personen du vil legge til." in page
    seat(world.public_arena, make_person("Eva Medlem"), represents=world.org_a.organisation)
    page = client.get(url).content.decode()
    names = person_options(page)
    assert "Sigrid Søker" in names and "Ola Annen" not in names
    assert "Viser personer tilknyttet organisasjonene som har plass i arenaen." in page
    # The menu's explanation is read with it.
    assert 'aria-describedby="id_person_helptext"' in page


def test_search_is_capped_and_says_so(world: World, arena_client: Any) -> None:
    for n in range(PEOPLE_SHOWN + 5):
        make_person(f"Kari Nordmann {n:03}", organisation=world.org_a.organisation)
    make_person("Kari Annen", organisation=world.org_a.organisation)
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    page = client.get(url, {"q": "kari"}).content.decode()
    names = person_options(page)
    assert len(names) == PEOPLE_SHOWN
    assert names[0] == "Kari Annen" and names == sorted(names)
    assert page.count("<option") <= PEOPLE_SHOWN + 100  # people, roles, umbrellas
    assert f"Viser de {PEOPLE_SHOWN} første som passer søket «kari»." in page
    page = client.get(url, {"q": "nordmann 05"}).content.decode()
    assert person_options(page) == [f"Kari Nordmann {n:03}" for n in range(50, 55)]
    assert "Viser personene som passer søket «nordmann 05»." in page
    page = client.get(url, {"q": "zz"}).content.decode()
    assert person_options(page) == []
    assert "Ingen personer med tilknytning til en organisasjon passer søket «zz»." in page


def post(client: Any, url: str, **values: Any) -> Any:
    today = timezone.localdate()
    data = {
        "role": MemberRole.MEMBER,
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=365)).isoformat(),
        **values,
    }
    return client.post(url, data)


def test_values_outside_the_menus_are_field_errors(world: World, arena_client: Any) -> None:
    person = make_person("Sigrid Søker", organisation=world.org_a.organisation)
    loner = make_person("Uten Tilknytning")
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    # A person without an affiliation, a service as the represented organisation.
    response = post(client, url, person=loner.pk, represents=world.service.pk)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#id_person"' in page and 'href="#id_represents"' in page
    # An organisation unrelated to the person and the arena.
    stranger = OrganisationFactory(name="Fremmed forening")
    response = post(client, url + "?q=sigrid", person=person.pk, represents=stranger.pk)
    assert response.status_code == 422
    assert 'href="#id_represents"' in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()
    # The person's own organisation, after another search: the chosen person is kept.
    response = post(client, url + "?q=zz", person=person.pk, represents=world.org_a.organisation.pk)
    assert response.status_code == 302
    assert Membership.objects.get(person=person).represents == world.org_a.organisation


def test_any_umbrella_may_be_represented(world: World, arena_client: Any) -> None:
    person = make_person("Sigrid Søker", organisation=world.org_a.organisation)
    umbrella = UmbrellaFactory(name="Paraplyen")
    client = arena_client("secretariat")
    url = reverse("arenas:membership_add", args=[world.public_arena.pk])
    assert f'<option value="{umbrella.pk}">Paraplyen</option>' in client.get(url).content.decode()
    response = post(client, url + "?q=sigrid", person=person.pk, represents=umbrella.pk)
    assert response.status_code == 302
