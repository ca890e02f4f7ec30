"""Helpers shared by the attendance tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.arenas.models import Arena, Membership
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import Accommodation, Person
from tests.arenas.conftest import make_person, seat
from tests.factories import UserFactory
from tests.meetings.conftest import MeetingWorld, make_meeting


def fresh(user: User | None) -> Any:
    """The user re-read, so no role or membership caches carry over between calls."""
    if user is None:
        return AnonymousUser()
    return User.objects.get(pk=user.pk)


def started_meeting(arena: Arena, **fields: Any) -> Meeting:
    """A meeting that began an hour ago and is still going."""
    now = timezone.now()
    return make_meeting(
        arena,
        timezone.localdate(),
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        **fields,
    )


def add_members(arena: Arena, count: int, *, with_accounts: bool = False) -> list[Membership]:
    seats = []
    for number in range(count):
        user = UserFactory(email=f"ekstra{number}@example.org") if with_accounts else None
        person = make_person(f"Ekstra Medlem {number:02d}", email=f"ekstra{number}@example.org")
        if user is not None:
            person.user = user
            person.save(update_fields=["user"])
        seats.append(seat(arena, person))
    return seats


def give_account(person: Person, email: str) -> User:
    user = UserFactory(email=email)
    person.user = user
    person.save(update_fields=["user"])
    return user


def add_accommodation(person: Person, needs: str) -> Accommodation:
    return Accommodation.objects.create(
        person=person,
        needs=needs,
        consent_purpose="Tilrettelegging av møter",
        consent_given_at=timezone.now(),
    )


def row(world: MeetingWorld, person: Person, meeting: Meeting | None = None) -> Attendance:
    return Attendance.objects.get(meeting=meeting or world.meeting, person=person)


def render_section(user: User | None, meeting: Meeting) -> str:
    """The attendance section of the meeting page as ``user`` sees it."""
    request = RequestFactory().get("/")
    request.user = fresh(user)
    template = Template("{% load attendance_tags %}{% attendance_section meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))
