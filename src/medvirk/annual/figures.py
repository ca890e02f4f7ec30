"""The figures of an annual report: one calendar year of an arena or a service, counted
from what Medvirk already knows (issue 16).

:func:`year_figures` is pure computation over the database: no writes, no request,
and a fixed number of statements whatever the size of the scope (each table is read
once, aggregated in SQL where the page shows counts). The result is a plain dict of
JSON values (dates as ISO strings), so the same structure is cached for a draft
(``annual/caching.py``) and frozen in an ``AnnualReportVersion`` on approval.

How the year is counted (the report page says the same in plain words):

- *Composition*: every seat (membership) whose period overlaps the year; a seat ends
  on ``ended_on`` when it was ended early, else on ``ends_on``. A member who joined and
  left in the same year is listed once, with both dates.
- *Gender balance*: the people who held a member seat (chair, deputy chair, member)
  at some time in the year, and apart from them the deputies, by ``Person.gender``;
  "not stated" is its own count.
- *Vacancies*: per arena, the seats of its composition rule (``members_count``,
  ``deputies_count``) minus the seats filled, day by day through the year: vacant at the
  start (1 January), at the end (31 December), and on average (vacant seat-days divided
  by the days of the year). A seat left empty over the new year is vacant on 1 January
  and counts for the days it stays empty.
- *Meetings*: of the year, by start; held = not cancelled and started on or before
  ``today``; planned = not cancelled and later; cancelled apart.
- *Attendance*: per person and role in the meetings held (``Attendance.present``),
  deputies counted apart from members; per organisation the person represented.
- *Cases*: the agenda items of the meetings held or planned in the year (not
  cancelled), by kind and by proposer: an experience theme (the item's case proposal
  came from ``experiences.ThemeCase``), the proposal's proposer kind, otherwise the
  secretariat. Closed items are counted like the others; the report names them only by
  case number and legal ground.
- *Advice*: the advice given in the year (by ``given_on``), counted by
  ``followup.figures`` with its rules: an advice given in December and answered in
  January counts in the year it was given, with its days to answer. All advice of the
  scope counts, public or not: the report shows numbers only, never a text.
- *Experience calls and surveys*: published calls tied to the arena (or the service)
  and surveys of the arena (or the service) that were open at some time in the year.
- *Training*: courses completed in the year by the people who held a seat in it.
- *Compensation* (issue 17): the lines approved on claims approved or paid for the
  meetings of the year (by the meeting's start), per arena and kind of line, never per
  person (:func:`compensation`); drafts, sent, sent back and rejected lines do not
  count. ``None`` (no section) when nothing was approved for the year.
- *Final decisions*: counted by ``followup.figures`` with the advice (``decided`` and
  one count per outcome), among the advice given in the year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.compensation.selectors import arena_year_totals
from medvirk.experiences.models import ExperienceCall
from medvirk.followup.figures import figures_for
from medvirk.followup.models import Advice
from medvirk.meetings.enums import AttendanceRole, MeetingStatus
from medvirk.meetings.models import AgendaItem, Attendance, Meeting
from medvirk.people.enums import Gender
from medvirk.people.models import TrainingRecord
from medvirk.surveys.enums import SurveyStatus
from medvirk.surveys.models import Survey

THEME = "theme"
SECRETARIAT = "secretariat"
NOT_STATED = "not_stated"
PROPOSERS = ("member", "organisation", "public", SECRETARIAT, THEME)
COMPENSATION_GROUPS = ("fee", "travel", "lost_earnings")


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _seat_end(ends_on: datetime.date, ended_on: datetime.date | None) -> datetime.date:
    return min(ends_on, ended_on) if ended_on else ends_on


def vacancies(
    seats: int, periods: list[tuple[datetime.date, datetime.date]], year: int
) -> dict[str, Any]:
    """Vacant seats of one kind in one arena through ``year``: at the start, at the
    end, and on average (vacant seat-days / days). ``periods`` are the filled seats'
    (first day, last day)."""
    start, end = year_bounds(year)
    days = (end - start).days + 1
    filled = [0] * days
    for first, last in periods:
        lo, hi = max(first, start), min(last, end)
        for offset in range((lo - start).days, (hi - start).days + 1):
            filled[offset] += 1
    vacant = [max(0, seats - count) for count in filled]
    return {
        "seats": seats,
        "at_start": vacant[0],
        "at_end": vacant[-1],
        "average": round(sum(vacant) / days, 1),
    }


def _composition(arenas: list[dict[str, Any]], year: int) -> dict[str, Any]:
    start, end = year_bounds(year)
    names = {arena["id"]: arena["name"] for arena in arenas}
    rows = (
        Membership.objects.filter(arena_id__in=names, starts_on__lte=end, ends_on__gte=start)
        .exclude(ended_on__lt=start)
        .order_by("arena_id", "role", "deputy_rank", "person__name", "starts_on")
        .values(
            "arena_id",
            "person_id",
            "person__name",
            "person__gender",
            "role",
            "deputy_rank",
            "represents__name",
            "starts_on",
            "ends_on",
            "ended_on",
        )
    )
    seats = []
    periods: dict[tuple[int, bool], list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    genders: dict[str, dict[str, set[int]]] = {
        "members": defaultdict(set),
        "deputies": defaultdict(set),
    }
    for row in rows:
        last = _seat_end(row["ends_on"], row["ended_on"])
        if last < row["starts_on"] or last < start:
            continue
        deputy = row["role"] == MemberRole.DEPUTY
        periods[(row["arena_id"], deputy)].append((row["starts_on"], last))
        genders["deputies" if deputy else "members"][row["person__gender"] or NOT_STATED].add(
            row["person_id"]
        )
        seats.append(
            {
                "arena": names[row["arena_id"]],
                "person_id": row["person_id"],
                "name": row["person__name"],
                "role": row["role"],
                "rank": row["deputy_rank"],
                "organisation": row["represents__name"] or "",
                "starts_on": row["starts_on"].isoformat(),
                "ends_on": last.isoformat(),
                "gender": row["person__gender"] or NOT_STATED,
            }
        )
    vacancy = {
        "members": [
            {"arena": a["name"], **vacancies(a["members_count"], periods[(a["id"], False)], year)}
            for a in arenas
        ],
        "deputies": [
            {"arena": a["name"], **vacancies(a["deputies_count"], periods[(a["id"], True)], year)}
            for a in arenas
        ],
    }
    gender_keys = (*Gender.values, NOT_STATED)
    return {
        "seats": seats,
        "gender": {
            group: {key: len(found.get(key, ())) for key in gender_keys}
            for group, found in genders.items()
        },
        "vacancies": vacancy,
    }


def _meetings(arena_ids: list[int], year: int, now: datetime.datetime) -> dict[str, int]:
    held = Q(starts_at__lte=now) & ~Q(status=MeetingStatus.CANCELLED)
    planned = Q(starts_at__gt=now) & ~Q(status=MeetingStatus.CANCELLED)
    counts = Meeting.objects.filter(arena_id__in=arena_ids, starts_at__year=year).aggregate(
        held=Count("pk", filter=held),
        planned=Count("pk", filter=planned),
        cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def _attendance(arena_ids: list[int], year: int, now: datetime.datetime) -> dict[str, Any]:
    rows = list(
        Attendance.objects.filter(
            meeting__arena_id__in=arena_ids,
            meeting__starts_at__year=year,
            meeting__starts_at__lte=now,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values("person_id", "person__name", "role", "membership__represents__name")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by("role", "person__name", "person_id")
    )
    people: dict[tuple[int, str], dict[str, Any]] = {}
    organisations: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        person = people.setdefault(
            (row["person_id"], row["role"]),
            {"name": row["person__name"], "role": row["role"], "invited": 0, "present": 0},
        )
        name = row["membership__represents__name"] or ""
        organisation = organisations.setdefault(
            (name, row["role"]), {"name": name, "role": row["role"], "invited": 0, "present": 0}
        )
        for target in (person, organisation):
            target["invited"] += row["invited"]
            target["present"] += row["present"]
    order = {AttendanceRole.MEMBER: 0, AttendanceRole.DEPUTY: 1}
    return {
        "people": list(people.values()),
        "organisations": sorted(
            organisations.values(),
            key=lambda o: (order.get(o["role"], 2), o["name"] == "", o["name"]),
        ),
    }


def _cases(arena_ids: list[int], year: int) -> dict[str, Any]:
    proposer = Case(
        When(proposal__theme_case__isnull=False, then=Value(THEME)),
        When(proposal__isnull=False, then=F("proposal__proposer_kind")),
        default=Value(SECRETARIAT),
        output_field=CharField(),
    )
    rows = (
        AgendaItem.objects.filter(meeting__arena_id__in=arena_ids, meeting__starts_at__year=year)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .annotate(by=proposer)
        .values("kind", "by")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(is_closed=True)))
        .order_by()
    )
    by_kind: dict[str, int] = defaultdict(int)
    by_proposer: dict[str, int] = defaultdict(int)
    closed = 0
    for row in rows:
        by_kind[row["kind"]] += row["n"]
        by_proposer[row["by"]] += row["n"]
        closed += row["closed"]
    return {
        "total": sum(by_kind.values()),
        "closed": closed,
        "by_kind": dict(by_kind),
        "by_proposer": dict(by_proposer),
    }


def _advice(arena_ids: list[int], year: int, today: datetime.date) -> dict[str, Any]:
    found = figures_for(
        Advice.objects.filter(arena_id__in=arena_ids, given_on__year=year), today
    ).for_year(year)
    if found is None:
        found = figures_for(Advice.objects.none(), today).total
    return {**asdict(found), "year": year}


def _calls(arena_ids: list[int], service_id: int | None, year: int) -> list[dict[str, Any]]:
    start, end = year_bounds(year)
    tied = Q(arenas__in=arena_ids)
    if service_id is not None:
        tied |= Q(organisation_id=service_id)
    rows = (
        ExperienceCall.objects.filter(tied)
        .filter(published_at__isnull=False, opens_on__lte=end, closes_on__gte=start)
        .values("pk", "title", "opens_on", "closes_on")
        .distinct()
        .order_by("opens_on", "pk")
    )
    return [
        {
            "title": r["title"],
            "opens_on": r["opens_on"].isoformat(),
            "closes_on": r["closes_on"].isoformat(),
        }
        for r in rows
    ]


def _surveys(
    arena_ids: list[int], service_id: int | None, year: int, language: str
) -> list[dict[str, Any]]:
    start, end = year_bounds(year)
    tied = Q(arena_id__in=arena_ids)
    if service_id is not None:
        tied |= Q(organisation_id=service_id)
    rows = (
        Survey.objects.filter(tied)
        .exclude(status=SurveyStatus.DRAFT)
        .filter(opens_on__lte=end, closes_on__gte=start)
        .values("title_nb", "title_nn", "title_en", "opens_on", "closes_on")
        .order_by("opens_on", "pk")
    )
    return [
        {
            "title": r.get(f"title_{language}") or r["title_nb"],
            "opens_on": r["opens_on"].isoformat(),
            "closes_on": r["closes_on"].isoformat(),
        }
        for r in rows
    ]


def _training(person_ids: set[int], year: int) -> dict[str, int]:
    if not person_ids:
        return {"records": 0, "people": 0}
    counts = TrainingRecord.objects.filter(
        person_id__in=sorted(person_ids), completed_on__year=year
    ).aggregate(records=Count("pk"), people=Count("person_id", distinct=True))
    return {key: int(value or 0) for key, value in counts.items()}


def _kroner(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


def compensation(arenas: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    """Compensation approved or paid for the year's meetings (issue 17), per arena and in
    all, split into fees (with preparation and chair supplements), travel and lost
    earnings, read through ``compensation.selectors.arena_year_totals`` (one statement).
    Totals only, never per person. ``None`` when nothing was approved for the year's
    meetings (a service without compensation in Medvirk): the report shows no section.
    Amounts are strings with two decimals (JSON keeps them exact)."""
    found = arena_year_totals([arena["id"] for arena in arenas], year)
    if not found:
        return None
    rows = []
    total = dict.fromkeys(COMPENSATION_GROUPS, Decimal(0))
    for arena in arenas:
        sums = found.get(arena["id"])
        if sums is None:
            continue
        for group in COMPENSATION_GROUPS:
            total[group] += sums[group]
        rows.append(
            {
                "arena": arena["name"],
                **{group: _kroner(sums[group]) for group in COMPENSATION_GROUPS},
                "total": _kroner(sum(sums.values(), Decimal(0))),
            }
        )
    return {
        "arenas": rows,
        "total": {
            **{group: _kroner(total[group]) for group in COMPENSATION_GROUPS},
            "total": _kroner(sum(total.values(), Decimal(0))),
        },
    }


def scope_arenas(*, arena_id: int | None, service_id: int | None) -> list[dict[str, Any]]:
    """The arenas a report covers: its arena, or every public arena of its service."""
    arenas = Arena.objects.order_by("name", "pk")
    if arena_id is not None:
        arenas = arenas.filter(pk=arena_id)
    else:
        arenas = arenas.filter(owner_id=service_id, is_public=True)
    return [dict(row) for row in arenas.values("id", "name", "members_count", "deputies_count")]


def year_figures(
    *,
    arena_id: int | None,
    service_id: int | None,
    year: int,
    language: str = "nb",
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Every figure of the report for ``year`` (see the module's docstring)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    arenas = scope_arenas(arena_id=arena_id, service_id=service_id)
    ids = [arena["id"] for arena in arenas]
    composition = _composition(arenas, year)
    person_ids = {seat["person_id"] for seat in composition["seats"]}
    return {
        "year": year,
        "computed_on": today.isoformat(),
        "arenas": [arena["name"] for arena in arenas],
        "composition": composition,
        "meetings": _meetings(ids, year, now),
        "attendance": _attendance(ids, year, now),
        "cases": _cases(ids, year),
        "advice": _advice(ids, year, today),
        "experience_calls": _calls(ids, service_id if arena_id is None else None, year),
        "surveys": _surveys(ids, service_id if arena_id is None else None, year, language),
        "training": _training(person_ids, year),
        "compensation": compensation(arenas, year),
    }
