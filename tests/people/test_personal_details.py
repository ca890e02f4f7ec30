"""Gender and birth year are asked only where an arena's composition rule needs them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from medvirk.people.models import Person
from medvirk.people.selectors import asks_personal_details
from tests.conftest import Tenant
from tests.factories.people import ArenaFactory, MembershipFactory, PersonFactory
from tests.people.conftest import World

pytestmark = pytest.mark.django_db


def test_not_asked_without_an_arena_that_needs_them(org_a: Tenant) -> None:
    person = PersonFactory(user=org_a.member, gender="", birth_year=None)
    client = Client()
    client.force_login(org_a.member)

    body = client.get(reverse("people:my_profile")).content.decode()

    assert asks_personal_details(person) is False
    assert 'name="gender"' not in body
    assert 'name="birth_year"' not in body


def test_asked_with_the_reason_when_sitting_in_a_gender_balanced_arena(world: World) -> None:
    body = world.client("self").get(reverse("people:my_profile")).content.decode()

    assert 'name="gender"' in body
    assert "likestillingsloven § 28" in body


def test_not_asked_for_an_arena_without_such_rules(org_a: Tenant) -> None:
    person = PersonFactory(user=org_a.member, gender="", birth_year=None)
    arena = ArenaFactory(
        gender_balance=False, gender_balance_deputies=False, elderly_majority=False
    )
    MembershipFactory(arena=arena, person=person)

    assert asks_personal_details(person) is False


def test_asked_for_a_youth_council_age_limit(org_a: Tenant) -> None:
    person = PersonFactory(user=org_a.member, gender="", birth_year=None)
    arena = ArenaFactory(gender_balance=False, max_age_at_appointment=18)
    MembershipFactory(arena=arena, person=person)

    assert asks_personal_details(person) is True


def test_someone_who_gave_them_can_always_change_them(org_a: Tenant) -> None:
    person = PersonFactory(user=org_a.member, gender="female", birth_year=None)

    assert asks_personal_details(person) is True


def test_a_post_without_the_fields_leaves_stored_values_alone(org_a: Tenant) -> None:
    person = PersonFactory(user=org_a.member, name="Uten Krav", gender="", birth_year=None)
    client = Client()
    client.force_login(org_a.member)

    response = client.post(
        reverse("people:my_profile"),
        {
            "name": "Uten Krav",
            "preferred_language": "nb",
            "capacity": "2",
            "gender": "male",
            "birth_year": "1950",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert (person.gender, person.birth_year) == ("", None)
