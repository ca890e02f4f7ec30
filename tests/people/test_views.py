"""Persona x view -> status, constant queries on lists, and form error handling."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.people.models import Person
from tests.conftest import Tenant
from tests.factories.people import (
    AffiliationFactory,
    CompetenceAreaFactory,
    MembershipFactory,
    PersonFactory,
    TrainingRecordFactory,
)
from tests.people.conftest import PEOPLE_PERSONAS, World


def urls(world: World) -> dict[str, str]:
    pk = world.person.pk
    org = world.person.affiliations.get().organisation_id
    return {
        "mine": reverse("people:mine"),
        "my_profile": reverse("people:my_profile"),
        "my_accommodation": reverse("people:my_accommodation"),
        "my_accommodation_reads": reverse("people:my_accommodation_reads"),
        "my_data": reverse("people:my_data"),
        "my_deletion": reverse("people:my_deletion"),
        "pool": reverse("people:pool", args=[org]),
        "create": reverse("people:create", args=[org]),
        "detail": reverse("people:detail", args=[pk]),
        "edit": reverse("people:edit", args=[pk]),
        "training_add": reverse("people:training_add", args=[pk]),
        "deletions": reverse("people:deletions"),
        "claim_forged": reverse("people:claim", args=["forfalsket"]),
    }


# anonymous, self, pool_admin, other_admin, umbrella_admin,
# sitting_secretariat, other_secretariat, platform_admin
GET_MATRIX = {
    "mine": (302, 200, 200, 200, 200, 200, 200, 200),
    "my_profile": (302, 200, 200, 200, 200, 200, 200, 200),
    "my_accommodation": (302, 200, 200, 200, 200, 200, 200, 200),
    "my_accommodation_reads": (302, 200, 200, 200, 200, 200, 200, 200),
    "my_data": (302, 200, 200, 200, 200, 200, 200, 200),
    "my_deletion": (302, 200, 200, 200, 200, 200, 200, 200),
    "pool": (302, 403, 200, 403, 403, 403, 403, 200),
    "create": (302, 403, 200, 403, 403, 403, 403, 200),
    "detail": (302, 200, 200, 403, 403, 200, 403, 200),
    "edit": (302, 200, 403, 403, 403, 403, 403, 200),
    "training_add": (302, 200, 403, 403, 403, 403, 403, 200),
    "deletions": (302, 403, 403, 403, 403, 403, 403, 200),
    "claim_forged": (302, 404, 404, 404, 404, 404, 404, 404),
}
GET_CASES = [
    (persona, view, statuses[index])
    for view, statuses in GET_MATRIX.items()
    for index, persona in enumerate(PEOPLE_PERSONAS)
]


@pytest.mark.parametrize(("persona", "view", "status"), GET_CASES)
def test_people_views_get_matrix(world: World, persona: str, view: str, status: int) -> None:
    response = world.client(persona).get(urls(world)[view])
    assert response.status_code == status


# POSTs that change something about the representative.
POST_MATRIX = {
    "invite": (302, 302, 403, 403, 403, 403, 403, 302),
    "carry_out": (302, 403, 403, 403, 403, 403, 403, 404),
}


@pytest.mark.parametrize("persona", PEOPLE_PERSONAS)
def test_people_views_post_matrix(world: World, persona: str) -> None:
    index = PEOPLE_PERSONAS.index(persona)
    client = world.client(persona)
    invite = client.post(reverse("people:invite", args=[world.person.pk]))
    assert invite.status_code == POST_MATRIX["invite"][index]
    carry = client.post(reverse("people:deletion_carry_out", args=[world.person.pk]))
    assert carry.status_code == POST_MATRIX["carry_out"][index]
    assert Person.objects.get(pk=world.person.pk).name == "Rita Representant"


def test_mine_oppdrag_lists_memberships_and_empty_nominations(world: World) -> None:
    body = world.client("self").get(reverse("people:mine")).content.decode()
    assert "Brukerutvalget i S" in body
    assert "Eldrerådet i E" in body
    assert "Tjeneste S" in body
    assert "Du har ingen åpne forslag eller forespørsler" in body


def add_memberships(world: World, count: int) -> None:
    for _ in range(count):
        MembershipFactory(person=world.person)


def measure(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_mine_oppdrag_constant_queries(world: World) -> None:
    client = world.client("self")
    url = reverse("people:mine")
    add_memberships(world, 1)
    one = measure(client, url)
    add_memberships(world, 49)
    assert measure(client, url) == one


def add_pool(org: Tenant, count: int) -> None:
    area = CompetenceAreaFactory()
    for _ in range(count):
        person = PersonFactory()
        person.competence_areas.add(area)
        AffiliationFactory(person=person, organisation=org.organisation)
        TrainingRecordFactory(person=person)
        MembershipFactory(person=person)


def test_pool_constant_queries(org_a: Tenant) -> None:
    client = Client()
    client.force_login(org_a.admin)
    url = reverse("people:pool", args=[org_a.organisation.pk])
    add_pool(org_a, 1)
    one = measure(client, url)
    add_pool(org_a, 49)
    assert measure(client, url) == one


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Rita Representant",
        "email": "rita@example.org",
        "phone": "22 33 44 55",
        "preferred_language": "nb",
        "capacity": "3",
        "gender": "",
        "birth_year": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "ikke-en-adresse"),
        ("phone", "ring meg"),
        ("name", "x" * 201),
        ("capacity", "0"),
        ("capacity", "21"),
        ("birth_year", "1850"),
        ("birth_year", "2999"),
    ],
)
def test_profile_form_bad_input_keeps_typed(world: World, field: str, value: str) -> None:
    response = world.client("self").post(
        reverse("people:my_profile"), profile_data(**{field: value})
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert f'href="#id_{field}"' in body
    assert f'value="{value}"' in body
    assert Person.objects.get(pk=world.person.pk).email == "representant@example.org"


def test_profile_form_stores_html_as_typed_and_escapes(world: World) -> None:
    client = world.client("self")
    response = client.post(
        reverse("people:my_profile"), profile_data(name="<i>Rita</i>", birth_year="1970")
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=world.person.pk)
    assert (person.name, person.birth_year, person.capacity) == ("<i>Rita</i>", 1970, 3)
    body = client.get(reverse("people:mine")).content.decode()
    assert "&lt;i&gt;Rita&lt;/i&gt;" in body
    assert "<i>Rita</i>" not in body


def test_profile_form_explains_gender_and_birth_year(world: World) -> None:
    body = world.client("self").get(reverse("people:my_profile")).content.decode()
    assert "likestillingsloven § 28" in body


def test_member_without_person_creates_own_profile(org_a: Tenant) -> None:
    client = Client()
    client.force_login(org_a.member)
    response = client.post(reverse("people:my_profile"), profile_data(name="Meg Selv"))
    assert response.status_code == 302
    assert Person.objects.get(user=org_a.member).name == "Meg Selv"


def test_pool_admin_registers_person(org_a: Tenant) -> None:
    client = Client()
    client.force_login(org_a.admin)
    response = client.post(
        reverse("people:create", args=[org_a.organisation.pk]), profile_data(name="Ny I Poolen")
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Ny I Poolen")
    assert person.created_by == org_a.organisation
    pool = client.get(reverse("people:pool", args=[org_a.organisation.pk])).content.decode()
    assert "Ny I Poolen" in pool
