"""Candidate matching: rank the people in the invited organisations' pools for a request.

`rank_candidates(request)` looks at everyone with an active pool affiliation
(`AffiliationKind.POOL`) to an organisation invited to the request, or to a
member organisation of an invited umbrella, and scores each person on:

- competence fit: each competence area the request wants or the arena
  requires that the person has, with an extra bonus when no continuing member
  of the arena has it yet (a competence gap);
- region: the person lives in a kommune, or else a fylke, that the service
  (the arena's owner) covers;
- load: seats the person holds now against the capacity they stated; people
  with no free capacity are ranked last, after everyone else;
- training: the person has taken the basic course for user representatives;
- gender gap: the arena requires gender balance and the continuing members
  plus the seats being filled would fall short of the § 28 minimum for the
  person's gender.

Every point comes with a short bokmål reason, so the ranking can be explained.
People already nominated for the request and people who hold a seat in the
arena now are left out. Ties are broken by name, then id.

The work is a constant number of queries (no per-person queries) followed by
scoring in Python; the reasons are only written out for the people returned.
What it reads grows with the candidate pool, not with the country: for a pool of
up to `POOL_LOOKUP_LIMIT` people, competence, courses and seats are read for
those people only (by id, through the person indexes); for a larger pool, a
sizeable share of everyone, they are read for everyone in one pass each (ids
only, over indexed columns), which is then cheaper than a long list of ids.
The rules and the points are described in docs/composition-rules.md
("Matching"); scripts/benchmark_matching.py measures it against 12,000 people,
and `make bench` measures the page for a local and a national request.

This module only reads. The caller decides who may see the ranking.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.arenas.composition import FEMALE, MALE, gender_minimum
from medvirk.arenas.models import Membership
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Organisation, Region
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import (
    Affiliation,
    CompetenceArea,
    Course,
    Person,
    TrainingRecord,
)

if TYPE_CHECKING:
    from medvirk.appointments.models import AppointmentRequest

# Points. Competence fit must outweigh region, so that the service's own
# region never beats someone who has what the request asks for.
COMPETENCE_FIT = 30  # per wanted or required competence area the person has
COMPETENCE_GAP = 20  # extra per such area no continuing member has
GENDER_GAP = 15  # the person's gender is short of the § 28 minimum
SAME_KOMMUNE = 15  # lives in a kommune the service covers
SAME_FYLKE = 10  # lives in a fylke the service covers (not counted on top of kommune)
BASIC_COURSE = 10  # has taken the basic course for user representatives
LOAD_PER_SEAT = 5  # minus, per seat the person holds now

# Membership roles that hold a member's seat (chair and deputy chair are members).
_MEMBER_ROLES = frozenset({"member", "chair", "deputy_chair"})

# Up to this many candidates, their facts are read by id; above it, for everyone (see
# the module docstring). Well under SQLite's limit of 32,766 parameters per statement.
POOL_LOOKUP_LIMIT = 1000


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    organisations: tuple[str, ...]  # the invited pools the person is in, by name
    score: int
    reasons: list[str] = field(default_factory=list, hash=False, compare=False)
    has_capacity: bool = True


def _points(points: int) -> str:
    # A real minus sign (U+2212) reads better than a hyphen.
    return f"+{points}" if points >= 0 else f"\u2212{-points}"


@dataclass
class _Context:
    """What the scoring needs to know about the request, read once."""

    fit_areas: dict[int, str]  # competence area id -> name (wanted or required)
    gap_areas: frozenset[int]  # of those, the ones no continuing member has
    short_genders: frozenset[str]
    kommuner: frozenset[int]  # region ids of kommuner the service covers
    fylker: frozenset[int]  # region ids of fylker the service covers (also via its kommuner)


class _Profile(NamedTuple):
    """One pool member, as read for scoring."""

    name: str
    gender: str
    capacity: int
    home_region_id: int | None
    home_fylke_id: int | None
    competence: frozenset[int]  # only areas in the context's fit_areas
    has_basic_course: bool
    load: int  # current seats in any arena


def _score(ctx: _Context, p: _Profile, reasons: list[str] | None = None) -> int:
    """Score one person. With a `reasons` list, also write out why (only done for
    the people returned: writing 12,000 explanations would be wasted work)."""
    score = 0
    if p.competence:
        for area_id in sorted(p.competence, key=ctx.fit_areas.__getitem__):
            if area_id in ctx.gap_areas:
                points = COMPETENCE_FIT + COMPETENCE_GAP
                if reasons is not None:
                    reasons.append(
                        _("Dekker kompetanse arenaen mangler: %(area)s (%(points)s)")
                        % {"area": ctx.fit_areas[area_id], "points": _points(points)}
                    )
            else:
                points = COMPETENCE_FIT
                if reasons is not None:
                    reasons.append(
                        _("Dekker ønsket kompetanse: %(area)s (%(points)s)")
                        % {"area": ctx.fit_areas[area_id], "points": _points(points)}
                    )
            score += points
    if p.gender in ctx.short_genders:
        score += GENDER_GAP
        if reasons is not None:
            if p.gender == FEMALE:
                text = _("Kjønnsbalanse: arenaen trenger flere kvinner (%(points)s)")
            else:
                text = _("Kjønnsbalanse: arenaen trenger flere menn (%(points)s)")
            reasons.append(text % {"points": _points(GENDER_GAP)})
    if p.home_region_id in ctx.kommuner:
        score += SAME_KOMMUNE
        if reasons is not None:
            reasons.append(
                _("Bor i en kommune tjenesten dekker (%(points)s)")
                % {"points": _points(SAME_KOMMUNE)}
            )
    elif p.home_fylke_id in ctx.fylker or p.home_region_id in ctx.fylker:
        score += SAME_FYLKE
        if reasons is not None:
            reasons.append(
                _("Bor i samme fylke som tjenesten (%(points)s)") % {"points": _points(SAME_FYLKE)}
            )
    if p.has_basic_course:
        score += BASIC_COURSE
        if reasons is not None:
            reasons.append(
                _("Har tatt grunnkurset (%(points)s)") % {"points": _points(BASIC_COURSE)}
            )
    if p.load >= p.capacity:
        # No points: the person is ranked after everyone with free capacity.
        if reasons is not None:
            reasons.append(
                _("Har ingen ledig kapasitet: %(load)s av %(capacity)s verv i bruk (rangert sist)")
                % {"load": p.load, "capacity": p.capacity}
            )
    elif p.load:
        penalty = -LOAD_PER_SEAT * p.load
        score += penalty
        if reasons is not None:
            reasons.append(
                _("Har %(load)s av %(capacity)s verv i bruk (%(points)s)")
                % {"load": p.load, "capacity": p.capacity, "points": _points(penalty)}
            )
    return score


def _context(request: AppointmentRequest, *, today: date) -> tuple[_Context, set[int]]:
    """Read the request's needs and the arena's continuing composition.

    Returns the scoring context and the ids of people who hold a seat in the
    arena now (they are not candidates). Four queries."""
    arena = request.arena
    # Competence the request wants or the arena requires.
    fit_areas = {
        area.pk: area.name
        for area in CompetenceArea.objects.filter(
            Q(pk__in=request.wanted_competence.values("pk"))
            | Q(pk__in=arena.required_competence.values("pk"))
        )
    }
    # Everyone with a seat now; those still seated when the new term starts continue.
    seated: set[int] = set()
    continuing_members: dict[int, str] = {}
    rows = (
        Membership.objects.current(on=today)
        .filter(arena_id=arena.pk)
        .order_by()
        .values_list("person_id", "role", "ends_on", "person__gender")
    )
    for person_id, role, ends_on, gender in rows:
        seated.add(person_id)
        if role in _MEMBER_ROLES and ends_on >= request.term_starts_on:
            continuing_members[person_id] = gender
    covered = set(
        Person.competence_areas.through.objects.filter(
            person_id__in=list(continuing_members), competencearea_id__in=list(fit_areas)
        ).values_list("competencearea_id", flat=True)
    )
    short: set[str] = set()
    if arena.gender_balance:
        size = len(continuing_members) + request.member_seats
        minimum = gender_minimum(size)
        counts = Counter(continuing_members.values())
        short = {g for g in (FEMALE, MALE) if counts[g] < minimum}
    kommuner: set[int] = set()
    fylker: set[int] = set()
    for region_id, kind, parent_id in Region.objects.filter(
        organisations=arena.owner_id
    ).values_list("pk", "kind", "parent_id"):
        if kind == RegionKind.KOMMUNE:
            kommuner.add(region_id)
            if parent_id is not None:
                fylker.add(parent_id)
        else:
            fylker.add(region_id)
    ctx = _Context(
        fit_areas=fit_areas,
        gap_areas=frozenset(fit_areas.keys() - covered),
        short_genders=frozenset(short),
        kommuner=frozenset(kommuner),
        fylker=frozenset(fylker),
    )
    return ctx, seated


def rank_candidates(request: AppointmentRequest, *, limit: int = 50) -> list[Candidate]:
    """The best `limit` candidates for `request`, best first, each with its reasons.

    Candidates are people with an active pool affiliation to an invited
    organisation or to a member organisation of an invited umbrella. People
    already nominated for the request, people holding a seat in the arena now
    and people who have asked to be deleted are left out. People with no free
    capacity come last. A constant number of queries, whatever the pool size.
    """
    today = timezone.localdate()
    ctx, seated = _context(request, today=today)
    # The invited organisations and the members of invited umbrellas: one statement of
    # two indexed parts (an OR over the umbrella join would read every organisation).
    invited = request.invitations.order_by().values_list("organisation_id", flat=True)
    members = Organisation.umbrellas.through.objects.filter(to_organisation_id__in=invited)
    organisation_ids = set(invited.union(members.values_list("from_organisation_id", flat=True)))
    if not organisation_ids:
        return []
    excluded = seated | set(request.nominations.values_list("person_id", flat=True))

    # Found through the affiliation table's (organisation, kind) index; people who have
    # asked to be deleted are left out on the joined person row.
    pool = (
        Affiliation.objects.filter(
            Q(since__isnull=True) | Q(since__lte=today),
            Q(until__isnull=True) | Q(until__gte=today),
            kind=AffiliationKind.POOL,
            organisation_id__in=organisation_ids,
            person__deletion_requested_at__isnull=True,
        )
        .order_by()
        .values_list(
            "person_id",
            "person__name",
            "person__gender",
            "person__capacity",
            "person__home_region_id",
            "person__home_region__parent_id",
            "organisation__name",
        )
    )
    # Keep what survives the loops small: the row tuples (of plain values, which
    # the garbage collector stops tracking) and a few sets and dicts of ints.
    # Thousands of long-lived objects per call would make the collector's
    # full passes, not the queries, the slowest part.
    rows: dict[int, tuple[int, str, str, int, int | None, int | None, str]] = {}
    more_pools: dict[int, list[str]] = {}
    for row in pool:
        person_id = row[0]
        if person_id in excluded:
            continue
        if person_id in rows:
            more_pools.setdefault(person_id, []).append(row[6])
        else:
            rows[person_id] = row
    if not rows:
        return []

    # The candidates' facts: by id for a small pool, so that the work follows the pool
    # and not the country; for a large pool, for everyone (ids only, over indexed
    # columns): joining them to thousands of candidates, or sending thousands of ids,
    # costs more than reading the pairs of integers. Either way nothing read here
    # leaves this function unless the person is in the pool.
    by_id = len(rows) <= POOL_LOOKUP_LIMIT
    of_pool = Q(person_id__in=list(rows)) if by_id else Q()
    competence: dict[int, frozenset[int]] = {}
    if ctx.fit_areas:
        for person_id, area_id in Person.competence_areas.through.objects.filter(
            of_pool, competencearea_id__in=list(ctx.fit_areas)
        ).values_list("person_id", "competencearea_id"):
            if person_id in rows:
                competence[person_id] = competence.get(person_id, frozenset()) | {area_id}
    basic_courses = Course.objects.filter(is_basic_course=True).values("pk")
    trained = set(
        TrainingRecord.objects.filter(of_pool, course_id__in=basic_courses)
        .order_by()
        .values_list("person_id", flat=True)
    )
    if by_id:
        # The pool's open seats through the (person, ends_on, starts_on) partial index,
        # the current ones counted here as Membership.current() would: with the dates in
        # the statement, PostgreSQL misjudges how many open seats are current and walks
        # all of them by date instead.
        seats = (
            Membership.objects.filter(of_pool, ended_on__isnull=True)
            .order_by()
            .values_list("person_id", "starts_on", "ends_on")
        )
        loads = Counter(person_id for person_id, starts, ends in seats if starts <= today <= ends)
    else:
        current = Membership.objects.current(on=today).order_by()
        loads = Counter(current.values_list("person_id", flat=True))

    no_competence: frozenset[int] = frozenset()

    def profile(row: tuple[int, str, str, int, int | None, int | None, str]) -> _Profile:
        person_id = row[0]
        # Positional: this runs once per person.
        return _Profile(
            row[1],  # name
            row[2],  # gender
            row[3],  # capacity
            row[4],  # home region
            row[5],  # its fylke
            competence.get(person_id, no_competence),
            person_id in trained,
            loads.get(person_id, 0),
        )

    def sort_keys() -> Iterator[tuple[bool, int, str, int]]:
        for person_id, row in rows.items():
            p = profile(row)
            yield (p.load >= p.capacity, -_score(ctx, p), p.name, person_id)

    candidates = []
    for full, _negative_score, name, person_id in heapq.nsmallest(limit, sort_keys()):
        chosen = rows[person_id]
        reasons: list[str] = []
        score = _score(ctx, profile(chosen), reasons)
        pools = {chosen[6], *more_pools.get(person_id, ())}
        candidates.append(
            Candidate(
                person_id=person_id,
                name=name,
                organisations=tuple(sorted(pools)),
                score=score,
                reasons=reasons,
                has_capacity=not full,
            )
        )
    return candidates
