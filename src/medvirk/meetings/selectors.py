"""Read queries about meetings, for the pages and the API.

Who sees what is decided in ``meetings.visibility`` (the visibility part of the
selectors); the queries here start from it, or from the public arenas.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Window
from django.utils import timezone

from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.models import ActivityLog
from medvirk.directory.models import Region
from medvirk.directory.selectors import organisations_serving
from medvirk.meetings import visibility
from medvirk.meetings.enums import MeetingStatus, MinutesStatus
from medvirk.meetings.models import (
    AgendaItem,
    Attendance,
    CaseDocument,
    CaseProposal,
    Meeting,
)
from medvirk.people.models import Person


def owner_of_meeting(meeting_id: int) -> list[int]:
    """The service that owns the meeting's arena (as a list): the scope of caches kept
    per service."""
    return list(Meeting.objects.filter(pk=meeting_id).values_list("arena__owner_id", flat=True))


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


# --- The agenda pages ------------------------------------------------------------------


def visible_items_for_detail(user: Any) -> QuerySet[AgendaItem]:
    """The items the user sees, with what the item page shows (meeting, arena and owner,
    proposal, documents)."""
    return with_documents(
        visibility.visible_items(user).select_related("meeting", "arena__owner", "proposal")
    )


def items_with_document_counts(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items in agenda order, each with its number of documents."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position", "number")
        .annotate(document_count=Count("documents"))
    )


def seat_holders_without_email(meeting: Meeting) -> int:
    """How many people hold a seat in the meeting's arena on its date without an e-mail
    address."""
    return (
        Membership.objects.current(meeting.local_date)
        .filter(arena_id=meeting.arena_id, person__email="")
        .values("person_id")
        .distinct()
        .count()
    )


# --- The secretariat's dashboard -------------------------------------------------------

# The meeting and arena columns the dashboard's rows show.
DASHBOARD_MEETING_FIELDS = (
    "id",
    "arena_id",
    "title",
    "starts_at",
    "status",
    "agenda_published_at",
    "arena__id",
    "arena__name",
)


def arenas_for_dashboard(managed: Sequence[int]) -> QuerySet[Arena]:
    """The services' arenas, by name, with the columns the dashboard shows."""
    return (
        Arena.objects.filter(owner_id__in=managed)
        .only("id", "name", "owner_id", "updated_at")
        .order_by("name", "pk")
    )


def upcoming_meetings_for_dashboard(
    arena_ids: Sequence[int], now: datetime.datetime, end: datetime.datetime
) -> QuerySet[Meeting]:
    """Planned meetings of the arenas from ``now`` until ``end``, soonest first, each with
    its number of items."""
    return (
        Meeting.objects.filter(
            arena_id__in=arena_ids,
            status=MeetingStatus.PLANNED,
            starts_at__gte=now,
            starts_at__lt=end,
        )
        .select_related("arena")
        .only(
            *DASHBOARD_MEETING_FIELDS,
            "arena__proposal_deadline_days",
            "arena__agenda_deadline_days",
        )
        .annotate(item_count=Count("items"))
        .order_by("starts_at", "pk")
    )


def open_proposal_counts(arena_ids: Sequence[int]) -> dict[int, int]:
    """The number of open proposals by arena (arenas without any left out)."""
    return dict(
        CaseProposal.objects.open()
        .filter(arena_id__in=arena_ids)
        .order_by()
        .values("arena_id")
        .annotate(count=Count("pk"))
        .values_list("arena_id", "count")
    )


def unapproved_meetings_for_dashboard(
    arena_ids: Sequence[int], now: datetime.datetime, start: datetime.datetime
) -> QuerySet[Meeting]:
    """Meetings of the arenas between ``start`` and ``now`` whose minutes are not approved,
    newest first, each row carrying the ``total`` of them (a window over all rows, before
    any limit)."""
    return (
        Meeting.objects.filter(
            arena_id__in=arena_ids,
            status=MeetingStatus.PLANNED,
            starts_at__lt=now,
            starts_at__gte=start,
        )
        .exclude(minutes__status=MinutesStatus.APPROVED)
        .select_related("arena", "minutes")
        .only(*DASHBOARD_MEETING_FIELDS, "minutes__id", "minutes__meeting_id", "minutes__status")
        .annotate(total=Window(Count("pk")))
        .order_by("-starts_at", "pk")
    )


# --- Plans, my meetings, feeds ------------------------------------------------------------


def public_upcoming_meetings(
    since: datetime.datetime, filters: dict[str, Any]
) -> QuerySet[Meeting]:
    """Planned meetings of public arenas from ``since``, soonest first, narrowed to a kind
    of arena and a region (the owner serves it or a kommune in it)."""
    meetings = Meeting.objects.filter(
        arena__is_public=True,
        status=MeetingStatus.PLANNED,
        starts_at__gte=since,
    ).select_related("arena__owner")
    if filters.get("kind"):
        meetings = meetings.filter(arena__kind=filters["kind"])
    if filters.get("region"):
        region = filters["region"]
        meetings = meetings.filter(
            Q(arena__owner__regions=region) | Q(arena__owner__regions__parent=region)
        ).distinct()
    return meetings.order_by("starts_at", "pk")


def meetings_between(
    arena: Arena, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Meeting]:
    """The arena's meetings in [start, end), in order of time."""
    return (
        Meeting.objects.filter(arena=arena, starts_at__gte=start, starts_at__lt=end)
        .select_related("arena")
        .order_by("starts_at", "pk")
    )


def open_seats(
    today: datetime.date, *, person: Person | None = None, user: Any = None
) -> list[Membership]:
    """The seats (any role) of ``person``, or of ``user``'s person, that have not ended by
    ``today``, with the arena and the person, oldest first: the seats
    :func:`meetings_with_seat` looks for meetings in."""
    who = Q(person=person) if person is not None else Q(person__user=user)
    return list(
        Membership.objects.filter(who, ended_on__isnull=True, ends_on__gte=today)
        .select_related("arena", "person")
        .order_by("starts_on", "pk")
    )


def meetings_for_seats(
    memberships: Sequence[Membership], since: datetime.datetime
) -> list[tuple[Meeting, Membership]]:
    """Meetings from ``since`` in the arenas of ``memberships`` (from :func:`open_seats`),
    soonest first, each with the seat held on the meeting's day (meetings without one are
    left out): one query."""
    rows: list[tuple[Meeting, Membership]] = []
    by_arena: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_arena.setdefault(membership.arena_id, []).append(membership)
    if not by_arena:
        return rows
    meetings = (
        Meeting.objects.filter(arena_id__in=list(by_arena), starts_at__gte=since)
        .select_related("arena__owner")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        day = meeting.local_date
        seat = next(
            (m for m in by_arena[meeting.arena_id] if m.starts_on <= day <= m.ends_on), None
        )
        if seat is not None:
            rows.append((meeting, seat))
    return rows


def meetings_with_seat(
    person: Person, today: datetime.date, since: datetime.datetime
) -> list[tuple[Meeting, Membership]]:
    """Upcoming meetings (from ``since``) in the arenas where the person holds a
    seat that has not ended by ``today``, each with the seat held on the meeting's day
    (meetings without one are left out)."""
    return meetings_for_seats(open_seats(today, person=person), since)


def own_attendances(person_id: int, meeting_ids: Sequence[int]) -> dict[int, Attendance]:
    """The person's own attendance rows (their answer; for a deputy, whether called in)
    for the meetings, by meeting id: one query."""
    if not meeting_ids:
        return {}
    rows = Attendance.objects.filter(
        person_id=person_id, meeting_id__in=list(meeting_ids)
    ).order_by()
    return {row.meeting_id: row for row in rows}


def public_arenas_with_seat(user: Any) -> QuerySet[Arena]:
    """The public arenas where the user holds a seat, by name."""
    return Arena.objects.filter(pk__in=member_arena_ids(user), is_public=True).order_by("name")


# --- Minutes and proposals ----------------------------------------------------------------


def present_attendances(meeting: Meeting) -> QuerySet[Attendance]:
    """Who was present at the meeting, by name."""
    return (
        Attendance.objects.filter(meeting=meeting, present=True)
        .select_related("person")
        .order_by("person__name")
    )


def proposal_history(proposal: CaseProposal) -> QuerySet[ActivityLog]:
    """The proposal's activity log entries with who made them, oldest first."""
    return (
        ActivityLog.objects.for_object(proposal)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
