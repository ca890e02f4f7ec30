"""Who gets the mails about a meeting (one place, used by plan, publishing and minutes)."""

from __future__ import annotations

import datetime

from medvirk.arenas.models import Membership
from medvirk.meetings.models import Meeting
from medvirk.people.models import Person


def seat_holders_with_email(meeting: Meeting, on: datetime.date | None = None) -> list[Person]:
    """People holding a seat in the meeting's arena (members and deputies) on ``on``
    (default: the meeting's date in Europe/Oslo) who have an e-mail address, each once."""
    memberships = (
        Membership.objects.current(on or meeting.local_date)
        .filter(arena_id=meeting.arena_id)
        .exclude(person__email="")
        .select_related("person")
        .order_by("person__name", "pk")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    return list(people.values())
