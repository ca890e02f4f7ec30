"""A course by organisation A (its admin runs it), people with accounts to sign up."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from medvirk.accounts.models import User
from medvirk.people.models import Person
from medvirk.training.models import Course, Session
from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.factories.people import PersonFactory
from tests.factories.training import SessionFactory, TrainingCourseFactory
from tests.meetings.attendance_helpers import fresh


def person_with_account(name: str) -> tuple[Person, User]:
    slug = name.split()[0].lower()
    user = UserFactory(email=f"{slug}@example.org", name=name)
    person = PersonFactory(name=name, email=f"{slug}@example.org", user=user)
    return person, user


@dataclass
class World:
    course: Course
    sessions: list[Session]
    organiser: Tenant


@pytest.fixture
def world(org_a: Tenant) -> World:
    course = TrainingCourseFactory(organiser=org_a.organisation, title="Grunnkurs", capacity=2)
    first = SessionFactory(course=course)
    sessions = [first, SessionFactory(course=course, date=first.date + datetime.timedelta(days=7))]
    return World(course, sessions, org_a)


def as_user(user: Any) -> Any:
    return fresh(user)
