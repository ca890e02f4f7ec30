"""An organisation's pool shown a page at a time: bounded, counted, right figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.people.enums import AffiliationKind
from medvirk.people.views import POOL_PAGE_SIZE
from tests.conftest import Tenant
from tests.factories.people import (
    AffiliationFactory,
    CourseFactory,
    MembershipFactory,
    PersonFactory,
    TrainingRecordFactory,
)


def add_people(org: Tenant, count: int, *, start: int = 0) -> None:
    for i in range(start, start + count):
        person = PersonFactory(name=f"Person {i:04d}")
        AffiliationFactory(person=person, organisation=org.organisation)


def test_pool_is_paged_and_counts_each_person_once(org_a: Tenant) -> None:
    add_people(org_a, POOL_PAGE_SIZE + 3)
    # A second kind of affiliation to the same organisation: still one person, one row.
    first = org_a.organisation.affiliations.order_by("person__name").first()
    assert first is not None
    AffiliationFactory(
        person=first.person, organisation=org_a.organisation, kind=AffiliationKind.MEMBER
    )
    client = Client()
    client.force_login(org_a.admin)
    url = reverse("people:pool", args=[org_a.organisation.pk])

    one = client.get(url)
    two = client.get(url, {"page": 2})

    assert [p.name for p in one.context["people"]] == [
        f"Person {i:04d}" for i in range(POOL_PAGE_SIZE)
    ]
    assert [p.name for p in two.context["people"]] == [
        f"Person {i:04d}" for i in range(POOL_PAGE_SIZE, POOL_PAGE_SIZE + 3)
    ]
    assert one.context["page"].paginator.count == POOL_PAGE_SIZE + 3
    assert one.context["page"].paginator.num_pages == 2
    assert len(one.context["people"][0].here) == 2


def test_pool_page_shows_seats_held_today_and_the_basic_course(org_a: Tenant) -> None:
    today = datetime.date.today()
    person = PersonFactory(name="Aase Aktiv")
    AffiliationFactory(person=person, organisation=org_a.organisation)
    MembershipFactory(person=person)
    MembershipFactory(person=person)
    MembershipFactory(person=person, ended_on=today - datetime.timedelta(days=1))
    MembershipFactory(
        person=person,
        starts_on=today - datetime.timedelta(days=900),
        ends_on=today - datetime.timedelta(days=10),
    )
    MembershipFactory(
        person=person,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=900),
    )
    TrainingRecordFactory(person=person, course=CourseFactory(is_basic_course=True))
    idle = PersonFactory(name="Berit Bortreist")
    AffiliationFactory(person=idle, organisation=org_a.organisation)
    TrainingRecordFactory(person=idle, course=CourseFactory(is_basic_course=False))
    client = Client()
    client.force_login(org_a.admin)

    people = client.get(reverse("people:pool", args=[org_a.organisation.pk])).context["people"]

    assert [(p.name, p.current_count, bool(p.basic_courses)) for p in people] == [
        ("Aase Aktiv", 2, True),
        ("Berit Bortreist", 0, False),
    ]


def test_pool_statements_constant_beyond_a_page(
    org_a: Tenant, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(org_a.admin)
    url = reverse("people:pool", args=[org_a.organisation.pk])
    add_people(org_a, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_people(org_a, POOL_PAGE_SIZE * 2, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"page": 3})
