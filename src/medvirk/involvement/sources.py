"""What the involvement log collects: the automatic entries a service should have for one
calendar year, read from the apps that know them (pure reads, no writes; the writing is
``domain/collect.py``).

One function per source, each a few plain statements over the source's own indexes
(the service's arenas, then the year), returning :class:`Wanted` rows keyed by their
source key. Level and degree come from the arena (``Arena.level`` and ``influence``);
where there is no arena (a call or a survey of the service itself), the level is the
service level and the degree "informant": people answer, the service decides.
Titles are the sources' own names (a meeting's title or its arena's name, the advice's
title, the course's bokmål name): the log stores data, not sentences, so it reads the
same in every language (the kind says what it was).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from medvirk.appointments.models import AppointedSeat, Decision
from medvirk.arenas.enums import ArenaKind, Influence, Level
from medvirk.arenas.models import Membership
from medvirk.directory.models import Organisation
from medvirk.experiences.enums import Audience
from medvirk.experiences.models import ExperienceCall
from medvirk.followup.models import Advice
from medvirk.involvement.enums import EntryKind, Source
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import Attendance, Meeting
from medvirk.people.models import TrainingRecord
from medvirk.surveys.enums import WITH_RESULTS
from medvirk.surveys.models import Survey

# The kind of a meeting's (and its advice's) entry, by the arena's kind; councils,
# user committees, forums and panels are "council meeting".
KIND_OF_ARENA: dict[str, str] = {
    ArenaKind.PROSJEKTGRUPPE: EntryKind.PROJECT_GROUP,
    ArenaKind.REFERANSEGRUPPE: EntryKind.REFERENCE_GROUP,
    ArenaKind.DIALOGKONFERANSE: EntryKind.DIALOGUE_CONFERENCE,
}

# The fields of an entry a collection writes (besides its people and organisations).
FIELDS = ("date", "arena_id", "level", "degree", "kind", "title", "is_public", "answers")


@dataclass(frozen=True)
class Wanted:
    source: str
    date: datetime.date
    arena_id: int | None
    level: str
    degree: str
    kind: str
    title: str
    is_public: bool
    answers: int | None = None
    people: frozenset[int] = field(default_factory=frozenset)
    organisations: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Year:
    year: int
    now: datetime.datetime

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def ends(self) -> datetime.datetime:
        """The end of the year, or now when the year is still running (a meeting is held
        once it has started)."""
        return min(timezone.make_aware(datetime.datetime(self.year + 1, 1, 1)), self.now)


def key(source: str, pk: int) -> str:
    return f"{source}:{pk}"


def _title(text: str) -> str:
    return text[:300]


def meetings(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Meetings held: not cancelled and started before now; the people present and the
    organisations they represent."""
    held = Q(
        arena__owner=service,
        status=MeetingStatus.PLANNED,
        starts_at__gte=year.starts,
        starts_at__lt=year.ends,
    )
    people: dict[int, set[int]] = defaultdict(set)
    organisations: dict[int, set[int]] = defaultdict(set)
    present = Attendance.objects.filter(
        meeting__in=Meeting.objects.filter(held).values("pk"), present=True
    ).values_list("meeting_id", "person_id", "membership__represents_id")
    for meeting_id, person_id, represents_id in present.order_by():
        people[meeting_id].add(person_id)
        if represents_id:
            organisations[meeting_id].add(represents_id)
    rows = (
        Meeting.objects.filter(held)
        .order_by()
        .values_list(
            "pk",
            "starts_at",
            "title",
            "arena_id",
            "arena__name",
            "arena__kind",
            "arena__level",
            "arena__influence",
            "arena__is_public",
        )
    )
    for pk, starts_at, title, arena_id, name, kind, level, influence, public in rows:
        yield Wanted(
            source=key(Source.MEETING, pk),
            date=timezone.localtime(starts_at).date(),
            arena_id=arena_id,
            level=level,
            degree=influence,
            kind=KIND_OF_ARENA.get(kind, EntryKind.COUNCIL_MEETING),
            title=_title(title or name),
            is_public=public,
            people=frozenset(people[pk]),
            organisations=frozenset(organisations[pk]),
        )


def advice(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Advice given that year (public as the advice is: never a closed item's)."""
    rows = (
        Advice.objects.filter(arena__owner=service, given_on__range=(year.first, year.last))
        .order_by()
        .values_list(
            "pk",
            "given_on",
            "title",
            "arena_id",
            "arena__kind",
            "arena__level",
            "arena__influence",
            "arena__is_public",
            "is_public",
        )
    )
    for pk, given_on, title, arena_id, kind, level, influence, arena_public, public in rows:
        yield Wanted(
            source=key(Source.ADVICE, pk),
            date=given_on,
            arena_id=arena_id,
            level=level,
            degree=influence,
            kind=KIND_OF_ARENA.get(kind, EntryKind.COUNCIL_MEETING),
            title=_title(title),
            is_public=bool(public and arena_public),
        )


def calls(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Published experience calls opening that year, run by the service or feeding one of
    its arenas, with the number of answers received."""
    ids = set(
        ExperienceCall.objects.published()
        .filter(opens_on__range=(year.first, year.last))
        .filter(Q(organisation=service) | Q(arenas__owner=service))
        .order_by()
        .values_list("pk", flat=True)
    )
    if not ids:
        return
    arenas: dict[int, tuple[int | None, str, bool]] = {}
    through = ExperienceCall.arenas.through.objects.filter(
        experiencecall_id__in=ids, arena__owner=service
    ).order_by("arena_id")
    for call_id, fed, fed_level, public in through.values_list(
        "experiencecall_id", "arena_id", "arena__level", "arena__is_public"
    ):
        arenas.setdefault(call_id, (fed, fed_level, public))
    rows = (
        ExperienceCall.objects.filter(pk__in=ids)
        .annotate(received=Count("experiences"))
        .order_by()
        .values_list("pk", "opens_on", "title", "organisation_id", "audience", "received")
    )
    for pk, opens_on, title, organisation_id, audience, received in rows:
        arena_id, level, arena_public = arenas.get(pk, (None, Level.SERVICE, True))
        yield Wanted(
            source=key(Source.CALL, pk),
            date=opens_on,
            arena_id=arena_id,
            level=level,
            degree=Influence.INFORMANT,
            kind=EntryKind.EXPERIENCE_CALL,
            title=_title(title),
            is_public=bool(arena_public and audience != Audience.MEMBERS),
            answers=received,
            organisations=frozenset({organisation_id} - {service.pk}),
        )


def surveys(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Surveys published (or closed) opening that year, by the service or for one of its
    arenas, with the number of responses."""
    rows = (
        Survey.objects.filter(status__in=WITH_RESULTS, opens_on__range=(year.first, year.last))
        .filter(Q(organisation=service) | Q(arena__owner=service))
        .annotate(received=Count("responses"))
        .order_by()
        .values_list(
            "pk",
            "opens_on",
            "title_nb",
            "organisation_id",
            "arena_id",
            "arena__level",
            "arena__is_public",
            "received",
        )
    )
    for pk, opens_on, title, organisation_id, arena_id, level, arena_public, received in rows:
        yield Wanted(
            source=key(Source.SURVEY, pk),
            date=opens_on,
            arena_id=arena_id,
            level=level or Level.SERVICE,
            degree=Influence.INFORMANT,
            kind=EntryKind.SURVEY,
            title=_title(title),
            is_public=arena_id is None or bool(arena_public),
            answers=received,
            organisations=frozenset({organisation_id} - {service.pk}),
        )


def appointments(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Appointments (oppnevning) decided that year: the people appointed and the
    organisations that nominated them."""
    decided = Q(
        request__arena__owner=service, decided_at__gte=year.starts, decided_at__lt=year.ends
    )
    people: dict[int, set[int]] = defaultdict(set)
    organisations: dict[int, set[int]] = defaultdict(set)
    seats = AppointedSeat.objects.filter(
        decision__in=Decision.objects.filter(decided).values("pk")
    ).values_list("decision_id", "nomination__person_id", "nomination__organisation_id")
    for decision_id, person_id, organisation_id in seats.order_by():
        people[decision_id].add(person_id)
        organisations[decision_id].add(organisation_id)
    rows = (
        Decision.objects.filter(decided)
        .order_by()
        .values_list(
            "pk",
            "decided_at",
            "request__title",
            "request__arena_id",
            "request__arena__level",
            "request__arena__influence",
            "request__arena__is_public",
        )
    )
    for pk, decided_at, title, arena_id, level, influence, public in rows:
        yield Wanted(
            source=key(Source.APPOINTMENT, pk),
            date=timezone.localtime(decided_at).date(),
            arena_id=arena_id,
            level=level,
            degree=influence,
            kind=EntryKind.OTHER,
            title=_title(title),
            is_public=public,
            people=frozenset(people[pk]),
            organisations=frozenset(organisations[pk]),
        )


def training(service: Organisation, year: Year) -> Iterator[Wanted]:
    """Courses completed that year by representatives holding a seat in one of the
    service's arenas on the day. Never public: it is about named people."""
    seats = (
        Membership.objects.filter(arena__owner=service, starts_on__lte=year.last)
        .filter(Q(ended_on__isnull=True, ends_on__gte=year.first) | Q(ended_on__gte=year.first))
        .order_by("arena_id", "pk")
        .values_list(
            "person_id",
            "arena_id",
            "starts_on",
            "ends_on",
            "ended_on",
            "represents_id",
            "arena__level",
            "arena__influence",
        )
    )
    by_person: dict[int, list[tuple[int, datetime.date, datetime.date, int | None, str, str]]]
    by_person = defaultdict(list)
    for person_id, arena_id, starts_on, ends_on, ended_on, represents, level, influence in seats:
        by_person[person_id].append(
            (arena_id, starts_on, ended_on or ends_on, represents, level, influence)
        )
    if not by_person:
        return
    records = (
        TrainingRecord.objects.filter(
            person_id__in=list(by_person), completed_on__range=(year.first, year.last)
        )
        .order_by()
        .values_list("pk", "person_id", "completed_on", "course__name_nb", "course_name")
    )
    for pk, person_id, completed_on, course, course_name in records:
        seat = next((one for one in by_person[person_id] if one[1] <= completed_on <= one[2]), None)
        if seat is None:
            continue
        seat_arena, _starts, _ends, seat_for, level, influence = seat
        yield Wanted(
            source=key(Source.TRAINING, pk),
            date=completed_on,
            arena_id=seat_arena,
            level=level,
            degree=influence,
            kind=EntryKind.TRAINING,
            title=_title(course or course_name),
            is_public=False,
            people=frozenset({person_id}),
            organisations=frozenset({seat_for} if seat_for else set()),
        )


COLLECTORS = (meetings, advice, calls, surveys, appointments, training)


def wanted(service: Organisation, year: Year) -> dict[str, Wanted]:
    """Every automatic entry the service should have for the year, by source key."""
    return {one.source: one for collect in COLLECTORS for one in collect(service, year)}


def first_year(service: Organisation) -> int | None:
    """The earliest year any source of the service has something in (for the first,
    full collection); None when there is nothing yet."""
    candidates = [
        Meeting.objects.filter(arena__owner=service).aggregate(v=Min("starts_at"))["v"],
        Advice.objects.filter(arena__owner=service).aggregate(v=Min("given_on"))["v"],
        ExperienceCall.objects.filter(Q(organisation=service) | Q(arenas__owner=service)).aggregate(
            v=Min("opens_on")
        )["v"],
        Survey.objects.filter(Q(organisation=service) | Q(arena__owner=service)).aggregate(
            v=Min("opens_on")
        )["v"],
        Decision.objects.filter(request__arena__owner=service).aggregate(v=Min("decided_at"))["v"],
        Membership.objects.filter(arena__owner=service).aggregate(v=Min("starts_on"))["v"],
    ]
    years = [
        (timezone.localtime(v) if isinstance(v, datetime.datetime) else v).year
        for v in candidates
        if v is not None
    ]
    return min(years) if years else None
