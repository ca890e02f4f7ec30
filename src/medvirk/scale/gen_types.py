"""The plan rows the per-arena generators hand each other: a meeting (``gen_meetings``),
its agenda items (``gen_agenda``) and its attendance (``gen_minutes``), read by
``gen_minutes`` and ``gen_followup``. They live here, below all four, so no generator
imports another's module for its types."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from medvirk.scale.gen_arenas import Seat


@dataclass
class MeetingPlan:
    id: int
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cancelled: bool
    published_at: datetime.datetime | None
    past: bool
    items: int
    proposals: list[tuple[int, str, str]] = field(default_factory=list)  # accepted: id, title, name


@dataclass
class Item:
    id: int
    number: int
    year: int
    position: int
    kind: str
    title: str
    is_closed: bool
    closed_ground: str
    proposal_id: int | None
    statement: str


@dataclass
class AttendanceRow:
    id: int
    seat: Seat
    present: bool | None
    apologies: bool
