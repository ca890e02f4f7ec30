"""The generator's own records of what it wrote: organisations, people and the
representative persona's attendances, shared by the steps through ``gen_plan.Ctx``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(eq=False)
class Org:
    id: int
    kind: str
    service_kind: str
    level: str
    name: str
    fylke_id: int | None = None  # the fylke (region id) it belongs to, if any
    kommune_ids: list[int] = field(default_factory=list)  # kommune regions it covers
    parent: Org | None = None
    national: Org | None = None  # the national organisation at the top of its tree
    admin_user_id: int | None = None
    secretariat_user_id: int | None = None
    decision_user_id: int | None = None
    decision_name: str = ""
    decision_email: str = ""
    target_groups: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class PersonaAttendance:
    attendance_id: int
    meeting_id: int
    arena_id: int
    owner_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seat_role: str


@dataclass
class People:
    """The generated people as parallel lists (12,000 objects would be wasteful)."""

    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    birth_years: list[int] = field(default_factory=list)
    capacity: list[int] = field(default_factory=list)
    pool_org: list[int] = field(default_factory=list)  # organisation id of the pool
    user_ids: list[int | None] = field(default_factory=list)
    load: list[int] = field(default_factory=list)  # current seats
