"""How much a representative carries: seats, meeting hours per month, clashes and terms
ending (issue 18, "the representative's load").

A person and their organisation look at this before nominating again: a representative
"should not take on more than they can carry". Pure reads, in a constant number of
queries for one person (the seats, then their arenas' meetings in the window).

- **Seats**: the person's seats open today (started, not ended, within the term).
- **Meeting hours per month**: the planned (not cancelled) meetings of the arenas where
  the person holds a member's seat (leader, deputy leader, member) on the meeting's day,
  for the month the window starts in and the eleven after it. A deputy attends only when
  called in, so a deputy's seat counts no hours here; it is listed with the seats.
- **Clashes**: two such meetings, in different arenas, whose times overlap.
- **Terms ending**: seats whose term ends within ``ENDING_WITHIN_DAYS``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import Meeting

MONTHS = 12
ENDING_WITHIN_DAYS = 180
MEMBER_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)


@dataclass(frozen=True)
class Clash:
    first: Meeting
    second: Meeting


@dataclass
class Load:
    seats: list[Membership]
    months: list[tuple[datetime.date, float]]  # (first day of the month, hours)
    clashes: list[Clash]
    ending: list[Membership]
    meetings: int = 0
    by_arena: dict[int, float] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return sum(hours for _month, hours in self.months)

    @property
    def busiest(self) -> float:
        return max((hours for _month, hours in self.months), default=0.0)


def _month_starts(first: datetime.date, count: int) -> list[datetime.date]:
    months, year, month = [], first.year, first.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _holds_on(seat: Membership, day: datetime.date) -> bool:
    last = min(seat.ends_on, seat.ended_on) if seat.ended_on else seat.ends_on
    return seat.starts_on <= day <= last


def load_of(
    person: Any, *, seats: list[Membership] | None = None, today: datetime.date | None = None
) -> Load:
    """The person's load from this month on. ``seats``: the seats the viewer may see
    (``arenas.selectors.seats_of``); by default every seat of the person."""
    today = today or timezone.localdate()
    if seats is None:
        seats = list(
            Membership.objects.filter(person=person)
            .select_related("arena__owner")
            .order_by("-starts_on", "pk")
        )
    open_seats = [
        seat for seat in seats if seat.ended_on is None and seat.starts_on <= today <= seat.ends_on
    ]
    horizon = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    ending = sorted(
        (seat for seat in open_seats if seat.ends_on <= horizon), key=lambda seat: seat.ends_on
    )
    months = _month_starts(today.replace(day=1), MONTHS)
    window_end = _month_starts(months[-1], 2)[1]
    member_seats: dict[int, list[Membership]] = defaultdict(list)
    for seat in seats:
        if seat.role in MEMBER_ROLES:
            member_seats[seat.arena_id].append(seat)
    hours = dict.fromkeys(months, 0.0)
    by_arena: dict[int, float] = defaultdict(float)
    counted: list[Meeting] = []
    if member_seats:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(months[0], datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(window_end, datetime.time.min, tzinfo=tz)
        meetings = (
            Meeting.objects.filter(
                arena_id__in=list(member_seats),
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("arena")
            .only("id", "arena_id", "arena__name", "title", "starts_at", "ends_at", "status")
            .order_by("starts_at", "pk")
        )
        for meeting in meetings:
            day = timezone.localdate(meeting.starts_at)
            if not any(_holds_on(seat, day) for seat in member_seats[meeting.arena_id]):
                continue
            length = max((meeting.ends_at - meeting.starts_at).total_seconds() / 3600, 0.0)
            hours[day.replace(day=1)] += length
            by_arena[meeting.arena_id] += length
            counted.append(meeting)
    clashes = [
        Clash(first, second)
        for index, first in enumerate(counted)
        for second in counted[index + 1 :]
        if second.starts_at < first.ends_at and second.arena_id != first.arena_id
    ]
    return Load(
        seats=open_seats,
        months=[(month, round(hours[month], 1)) for month in months],
        clashes=clashes,
        ending=ending,
        meetings=len(counted),
        by_arena=dict(by_arena),
    )
