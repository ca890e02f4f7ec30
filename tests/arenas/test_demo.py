"""The demo arenas: every kind, a private one, history, and data that keeps the rules."""

from __future__ import annotations

from collections import Counter

import pytest

from medvirk.arenas import demo
from medvirk.arenas.domain.memberships import check_membership
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena, Membership
from medvirk.directory import demo as directory_demo
from medvirk.directory.data import load_reference_data
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.enums import AffiliationKind, Gender
from medvirk.people.models import Affiliation, Person

pytestmark = pytest.mark.django_db


def test_demo_load_creates_arenas_that_keep_the_rules() -> None:
    load_reference_data()
    orgs = directory_demo.load()
    pools = list(Organisation.objects.filter(kind=OrganisationKind.USER_ORG, parent=None))
    people = []
    for i in range(30):
        person = Person.objects.create(
            name=f"Demo Person {i:02d}",
            capacity=1 + i % 3,
            gender=[Gender.FEMALE, Gender.MALE][i % 2],
            birth_year=1945 + i,
        )
        Affiliation.objects.create(
            person=person, organisation=pools[i % len(pools)], kind=AffiliationKind.POOL
        )
        people.append(person)

    demo.load(orgs, people)

    assert set(Arena.objects.values_list("kind", flat=True)) == set(ArenaKind.values)
    bergen = set(Arena.objects.filter(owner__name="Bergen kommune").values_list("kind", flat=True))
    assert bergen == {ArenaKind.ELDRERAD, ArenaKind.FUNKSJONSHEMMEDE, ArenaKind.UNGDOMSRAD}
    assert Arena.objects.filter(is_public=False).count() == 1
    assert Membership.objects.exclude(ended_on=None).exists()
    services_per_person = Counter()
    for person_id, _owner in (
        Membership.objects.current()
        .order_by()
        .values_list("person_id", "arena__owner_id")
        .distinct()
    ):
        services_per_person[person_id] += 1
    assert max(services_per_person.values()) >= 2
    load = Counter(Membership.objects.current().values_list("person_id", flat=True))
    assert all(load[p.pk] <= p.capacity for p in Person.objects.filter(pk__in=load))
    for arena in Arena.objects.all():
        assert sum(s.seats for s in arena.reserved_seats.all()) <= arena.members_count
    for membership in Membership.objects.current().select_related("arena", "person"):
        check_membership(
            arena=membership.arena,
            person=membership.person,
            role=membership.role,
            deputy_rank=membership.deputy_rank,
            starts_on=membership.starts_on,
            ends_on=membership.ends_on,
            exclude=membership,
        )
