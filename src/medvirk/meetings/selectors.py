"""Read queries about meetings, for the pages and the API.

Who sees what is decided in ``meetings.visibility`` (the visibility part of the
selectors); the queries here start from it, or from the public arenas.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from medvirk.arenas.models import Membership
from medvirk.directory.models import Region
from medvirk.directory.selectors import organisations_serving
from medvirk.meetings import visibility
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting
from medvirk.people.models import Person


def public_meetings() -> QuerySet[Meeting]:
    """Meetings of public arenas, with the arena and its owner."""
    return Meeting.objects.filter(arena__is_public=True).select_related("arena", "arena__owner")


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight in Europe/Oslo, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def public_meetings_for_list(
    *,
    arena_id: int | None = None,
    arena_kind: str = "",
    owner_region: Region | None = None,
    from_date: datetime.date | None = None,
    to_date: datetime.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings of public arenas, in order of time, narrowed to an arena, a kind of arena,
    the region the arena's owner serves (or a kommune in it) and days (both inclusive)."""
    queryset = public_meetings()
    if arena_id is not None:
        queryset = queryset.filter(arena_id=arena_id)
    if arena_kind:
        queryset = queryset.filter(arena__kind=arena_kind)
    if owner_region is not None:
        queryset = queryset.filter(arena__owner_id__in=organisations_serving(owner_region))
    if from_date:
        queryset = queryset.filter(starts_at__gte=start_of_day(from_date))
    if to_date:
        queryset = queryset.filter(starts_at__lt=start_of_day(to_date + datetime.timedelta(days=1)))
    return queryset.order_by("starts_at", "pk")


def public_meeting(pk: int) -> Meeting | None:
    return public_meetings().filter(pk=pk).first()


def public_agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """What anyone may see of a meeting's agenda, and nothing that is closed, whoever asks:
    the published agenda's public items in order, with their documents."""
    return (
        visibility.public_items_only(visibility.visible_items(AnonymousUser()))
        .filter(meeting=meeting)
        .order_by("position", "number")
        .prefetch_related("documents")
    )


def seat_holders_with_email(meeting: Meeting, on: datetime.date | None = None) -> list[Person]:
    """Who gets the mails about a meeting (plan, publishing, minutes, advice answers):
    people holding a seat in the meeting's arena (members and deputies) on ``on``
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


def with_documents(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """The items with their documents, oldest first (one query for all of them)."""
    return items.prefetch_related(
        Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "pk"))
    )
