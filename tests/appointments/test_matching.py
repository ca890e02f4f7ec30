"""Candidate matching for an appointment request: who ranks where, and why."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.appointments import matching
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.matching import (
    BASIC_COURSE,
    COMPETENCE_FIT,
    COMPETENCE_GAP,
    GENDER_GAP,
    LOAD_PER_SEAT,
    SAME_FYLKE,
    SAME_KOMMUNE,
    Candidate,
    rank_candidates,
)
from medvirk.appointments.models import AppointmentRequest, Invitation, Nomination
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation, Region
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import CompetenceArea, Person
from tests.factories import KommuneFactory, OrganisationFactory, RegionFactory, UmbrellaFactory
from tests.factories.people import (
    AffiliationFactory,
    ArenaFactory,
    CompetenceAreaFactory,
    CourseFactory,
    MembershipFactory,
    PersonFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def fylke() -> Region:
    return RegionFactory(code="46", name="Vestland")


@pytest.fixture
def kommune(fylke: Region) -> Region:
    return KommuneFactory(code="4601", name="Bergen", parent=fylke)


@pytest.fixture
def arena(kommune: Region) -> Arena:
    arena = ArenaFactory(name="Brukerutvalget", members_count=7, gender_balance=False)
    arena.owner.regions.set([kommune])
    return arena


@pytest.fixture
def pool_org() -> Organisation:
    return OrganisationFactory(name="Mental Helse Vestland")


def make_request(
    arena: Arena,
    invited: list[Organisation],
    *,
    member_seats: int = 2,
    wanted: list[CompetenceArea] | None = None,
) -> AppointmentRequest:
    request = AppointmentRequest.objects.create(
        arena=arena,
        title="Nye medlemmer",
        member_seats=member_seats,
        term_starts_on=TODAY + datetime.timedelta(days=30),
        term_ends_on=TODAY + datetime.timedelta(days=760),
        deadline=TODAY + datetime.timedelta(days=20),
        status=RequestStatus.OPEN,
    )
    request.wanted_competence.set(wanted or [])
    for organisation in invited:
        Invitation.objects.create(request=request, organisation=organisation)
    return request


def in_pool(organisation: Organisation, name: str, **fields: Any) -> Person:
    person = PersonFactory(name=name, **fields)
    AffiliationFactory(person=person, organisation=organisation, kind=AffiliationKind.POOL)
    return person


def names(candidates: list[Candidate]) -> list[str]:
    return [c.name for c in candidates]


def by_name(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.name: c for c in candidates}


def test_rank_candidates_competence_fit_beats_region(
    arena: Arena, pool_org: Organisation, kommune: Region
) -> None:
    area = CompetenceAreaFactory(slug="psykisk-helse", name_nb="psykisk helse")
    near = in_pool(pool_org, "Anne Nær", home_region=kommune)
    skilled = in_pool(pool_org, "Berit Kyndig")
    skilled.competence_areas.add(area)
    request = make_request(arena, [pool_org], wanted=[area])

    ranked = rank_candidates(request)

    assert names(ranked) == ["Berit Kyndig", "Anne Nær"]
    assert ranked[0].score == COMPETENCE_FIT + COMPETENCE_GAP
    assert ranked[0].reasons == [
        f"Dekker kompetanse arenaen mangler: psykisk helse (+{COMPETENCE_FIT + COMPETENCE_GAP})"
    ]
    assert ranked[1].score == SAME_KOMMUNE
    assert ranked[1].reasons == [f"Bor i en kommune tjenesten dekker (+{SAME_KOMMUNE})"]
    assert ranked[1].person_id == near.pk
    assert ranked[0].organisations == ("Mental Helse Vestland",)


def test_rank_candidates_competence_covered_by_members_gives_no_gap_bonus(
    arena: Arena, pool_org: Organisation
) -> None:
    area = CompetenceAreaFactory(slug="rus", name_nb="rus")
    arena.required_competence.add(area)
    member = PersonFactory(name="Sittende Medlem")
    member.competence_areas.add(area)
    MembershipFactory(arena=arena, person=member, ends_on=TODAY + datetime.timedelta(days=400))
    candidate = in_pool(pool_org, "Cecilie Rus")
    candidate.competence_areas.add(area)
    request = make_request(arena, [pool_org])

    ranked = rank_candidates(request)

    assert names(ranked) == ["Cecilie Rus"]
    assert ranked[0].score == COMPETENCE_FIT
    assert ranked[0].reasons == [f"Dekker ønsket kompetanse: rus (+{COMPETENCE_FIT})"]


def test_rank_candidates_region_kommune_beats_fylke_beats_elsewhere(
    arena: Arena, pool_org: Organisation, kommune: Region, fylke: Region
) -> None:
    neighbour = KommuneFactory(code="4626", name="Øygarden", parent=fylke)
    elsewhere = KommuneFactory(code="0301", name="Oslo", parent=RegionFactory(code="03"))
    in_pool(pool_org, "Anne Oslo", home_region=elsewhere)
    in_pool(pool_org, "Bjørn Øygarden", home_region=neighbour)
    in_pool(pool_org, "Cato Bergen", home_region=kommune)
    request = make_request(arena, [pool_org])

    ranked = rank_candidates(request)

    assert names(ranked) == ["Cato Bergen", "Bjørn Øygarden", "Anne Oslo"]
    assert [c.score for c in ranked] == [SAME_KOMMUNE, SAME_FYLKE, 0]
    assert ranked[1].reasons == [f"Bor i samme fylke som tjenesten (+{SAME_FYLKE})"]
    assert ranked[2].reasons == []


def test_rank_candidates_gender_bonus_only_when_a_gender_is_short(
    arena: Arena, pool_org: Organisation
) -> None:
    arena.gender_balance = True
    arena.members_count = 7
    arena.save()
    # Five continuing members: four men, one woman. With two new seats the
    # council has 7 members, so each gender needs 3: women are short.
    for i in range(4):
        MembershipFactory(arena=arena, person=PersonFactory(name=f"Mann {i}", gender="male"))
    MembershipFactory(arena=arena, person=PersonFactory(name="Kvinne 0", gender="female"))
    in_pool(pool_org, "Anders", gender="male")
    in_pool(pool_org, "Ragnhild", gender="female")
    request = make_request(arena, [pool_org], member_seats=2)

    ranked = rank_candidates(request)

    assert names(ranked) == ["Ragnhild", "Anders"]
    assert ranked[0].score == GENDER_GAP
    assert ranked[0].reasons == [f"Kjønnsbalanse: arenaen trenger flere kvinner (+{GENDER_GAP})"]
    assert ranked[1].reasons == []


def test_rank_candidates_no_gender_bonus_when_balanced_or_not_required(
    arena: Arena, pool_org: Organisation
) -> None:
    arena.gender_balance = True
    arena.save()
    for i in range(3):
        MembershipFactory(arena=arena, person=PersonFactory(name=f"Mann {i}", gender="male"))
        MembershipFactory(arena=arena, person=PersonFactory(name=f"Kvinne {i}", gender="female"))
    in_pool(pool_org, "Anders", gender="male")
    in_pool(pool_org, "Ragnhild", gender="female")
    request = make_request(arena, [pool_org], member_seats=1)

    assert [(c.name, c.score) for c in rank_candidates(request)] == [
        ("Anders", 0),
        ("Ragnhild", 0),
    ]

    # Unbalanced, but the arena has no gender balance rule: no bonus either.
    arena.gender_balance = False
    arena.save()
    MembershipFactory(arena=arena, person=PersonFactory(name="Mann 9", gender="male"))
    assert [c.score for c in rank_candidates(request)] == [0, 0]


def test_rank_candidates_members_leaving_before_the_term_do_not_count(
    arena: Arena, pool_org: Organisation
) -> None:
    arena.gender_balance = True
    arena.save()
    # The only woman leaves before the new term starts, so women are short.
    MembershipFactory(arena=arena, person=PersonFactory(name="Mann", gender="male"))
    MembershipFactory(
        arena=arena,
        person=PersonFactory(name="Kvinne", gender="female"),
        ends_on=TODAY + datetime.timedelta(days=10),
    )
    in_pool(pool_org, "Ragnhild", gender="female")
    in_pool(pool_org, "Anders", gender="male")
    request = make_request(arena, [pool_org], member_seats=1)

    assert [(c.name, c.score) for c in rank_candidates(request)] == [
        ("Ragnhild", GENDER_GAP),
        ("Anders", 0),
    ]


def test_rank_candidates_training_bonus(arena: Arena, pool_org: Organisation) -> None:
    basic = CourseFactory(slug="grunnkurs", is_basic_course=True)
    other = CourseFactory(slug="annet-kurs", is_basic_course=False)
    trained = in_pool(pool_org, "Zara Kurset")
    TrainingRecordFactory(person=trained, course=basic)
    TrainingRecordFactory(person=trained, course=basic, completed_on=datetime.date(2025, 1, 1))
    untrained = in_pool(pool_org, "Anne Annet")
    TrainingRecordFactory(person=untrained, course=other)
    request = make_request(arena, [pool_org])

    ranked = rank_candidates(request)

    assert names(ranked) == ["Zara Kurset", "Anne Annet"]
    assert ranked[0].score == BASIC_COURSE
    assert ranked[0].reasons == [f"Har tatt grunnkurset (+{BASIC_COURSE})"]


def test_rank_candidates_load_and_full_capacity_ranks_last(
    arena: Arena, pool_org: Organisation, kommune: Region
) -> None:
    area = CompetenceAreaFactory(slug="eldre", name_nb="eldre")
    other_arena = ArenaFactory()
    third_arena = ArenaFactory()
    full = in_pool(pool_org, "Anne Full", capacity=2, home_region=kommune)
    full.competence_areas.add(area)
    MembershipFactory(arena=other_arena, person=full)
    MembershipFactory(arena=third_arena, person=full, role=MemberRole.DEPUTY)
    busy = in_pool(pool_org, "Berit Travel", capacity=3)
    MembershipFactory(arena=other_arena, person=busy)
    MembershipFactory(arena=third_arena, person=busy)
    # An ended membership does not count towards the load.
    MembershipFactory(
        arena=third_arena,
        person=in_pool(pool_org, "Cato Ledig", capacity=1),
        ended_on=TODAY - datetime.timedelta(days=1),
    )
    request = make_request(arena, [pool_org], wanted=[area])

    ranked = rank_candidates(request)

    assert names(ranked) == ["Cato Ledig", "Berit Travel", "Anne Full"]
    assert [c.has_capacity for c in ranked] == [True, True, False]
    assert ranked[1].score == -2 * LOAD_PER_SEAT
    assert ranked[1].reasons == [f"Har 2 av 3 verv i bruk (\u2212{2 * LOAD_PER_SEAT})"]
    # Full: ranked last despite the best score, and the reason says why.
    assert ranked[2].score == COMPETENCE_FIT + COMPETENCE_GAP + SAME_KOMMUNE
    assert ranked[2].reasons[-1] == ("Har ingen ledig kapasitet: 2 av 2 verv i bruk (rangert sist)")


def test_rank_candidates_umbrella_pools_included(arena: Arena) -> None:
    umbrella = UmbrellaFactory(name="FFO Vestland")
    member_org = OrganisationFactory(name="Norges Blindeforbund")
    member_org.umbrellas.add(umbrella)
    in_pool(umbrella, "Paraply Person")
    in_pool(member_org, "Medlem Person")
    request = make_request(arena, [umbrella])

    ranked = rank_candidates(request)

    assert by_name(ranked)["Medlem Person"].organisations == ("Norges Blindeforbund",)
    assert by_name(ranked)["Paraply Person"].organisations == ("FFO Vestland",)


def test_rank_candidates_lists_every_invited_pool_once(arena: Arena) -> None:
    umbrella = UmbrellaFactory(name="FFO")
    member_org = OrganisationFactory(name="LHL")
    member_org.umbrellas.add(umbrella)
    person = in_pool(member_org, "Dobbel")
    AffiliationFactory(person=person, organisation=umbrella, kind=AffiliationKind.POOL)
    request = make_request(arena, [umbrella, member_org])

    assert [(c.name, c.organisations) for c in rank_candidates(request)] == [
        ("Dobbel", ("FFO", "LHL"))
    ]


def test_rank_candidates_excludes_nominated_and_seated(
    arena: Arena, pool_org: Organisation
) -> None:
    nominated = in_pool(pool_org, "Allerede Foreslått")
    member = in_pool(pool_org, "Sitter Allerede")
    deputy = in_pool(pool_org, "Vara Allerede")
    in_pool(pool_org, "Ny Kandidat")
    request = make_request(arena, [pool_org])
    Nomination.objects.create(request=request, organisation=pool_org, person=nominated)
    MembershipFactory(arena=arena, person=member)
    MembershipFactory(arena=arena, person=deputy, role=MemberRole.DEPUTY)

    assert names(rank_candidates(request)) == ["Ny Kandidat"]


def test_rank_candidates_only_invited_pools_ever_appear(arena: Arena) -> None:
    invited = OrganisationFactory(name="Invitert")
    outsider = OrganisationFactory(name="Ikke invitert")
    other_umbrella = UmbrellaFactory(name="Annen paraply")
    outsider.umbrellas.add(other_umbrella)
    in_pool(invited, "Innenfor")
    in_pool(outsider, "Utenfor Pool")
    in_pool(other_umbrella, "Utenfor Paraply")
    # A plain member or board member of the invited organisation is not in its pool.
    for kind in (AffiliationKind.MEMBER, AffiliationKind.BOARD):
        AffiliationFactory(
            person=PersonFactory(name=f"Ikke pool {kind}"), organisation=invited, kind=kind
        )
    # A pool affiliation that has ended does not count.
    AffiliationFactory(
        person=PersonFactory(name="Sluttet"),
        organisation=invited,
        kind=AffiliationKind.POOL,
        until=TODAY - datetime.timedelta(days=1),
    )
    # Someone who asked to be deleted is not offered.
    in_pool(invited, "Vil Slettes", deletion_requested_at=datetime.datetime.now(datetime.UTC))
    # An invitation to another request does not widen this one.
    make_request(ArenaFactory(), [outsider])
    request = make_request(arena, [invited])

    assert names(rank_candidates(request)) == ["Innenfor"]
    assert rank_candidates(make_request(arena, [])) == []


def test_rank_candidates_tie_break_by_name_then_id(arena: Arena, pool_org: Organisation) -> None:
    second = in_pool(pool_org, "Kari Nordmann")
    first = in_pool(pool_org, "Kari Nordmann")
    in_pool(pool_org, "Anne Aas")
    request = make_request(arena, [pool_org])

    ranked = rank_candidates(request)

    assert [(c.name, c.person_id) for c in ranked] == [
        ("Anne Aas", ranked[0].person_id),
        ("Kari Nordmann", min(first.pk, second.pk)),
        ("Kari Nordmann", max(first.pk, second.pk)),
    ]
    assert rank_candidates(request) == ranked


def test_rank_candidates_limit(arena: Arena, pool_org: Organisation) -> None:
    for i in range(5):
        in_pool(pool_org, f"Person {i}")
    request = make_request(arena, [pool_org])

    assert names(rank_candidates(request, limit=2)) == ["Person 0", "Person 1"]


def populate(arena: Arena, organisations: list[Organisation], start: int, count: int) -> None:
    area = CompetenceArea.objects.get(slug="psykisk-helse")
    course = CourseFactory(slug="grunnkurs", is_basic_course=True)
    for i in range(start, start + count):
        person = in_pool(organisations[i % len(organisations)], f"Person {i:03d}", gender="female")
        person.competence_areas.add(area)
        TrainingRecordFactory(person=person, course=course)
        MembershipFactory(arena=ArenaFactory(), person=person)


@pytest.fixture(params=["by id", "for everyone"])
def fact_reads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test both ways the candidates' facts are read: by id (a small pool) and
    for everyone (a pool above POOL_LOOKUP_LIMIT)."""
    if request.param == "for everyone":
        monkeypatch.setattr(matching, "POOL_LOOKUP_LIMIT", 0)
    return str(request.param)


def test_rank_candidates_constant_queries(arena: Arena, kommune: Region, fact_reads: str) -> None:
    umbrella = UmbrellaFactory(name="Paraplyen")
    organisations = [OrganisationFactory(name=f"Forening {i}") for i in range(3)]
    for organisation in organisations[1:]:
        organisation.umbrellas.add(umbrella)
    area = CompetenceAreaFactory(slug="psykisk-helse", name_nb="psykisk helse")
    arena.gender_balance = True
    arena.save()
    arena.required_competence.add(area)
    member = PersonFactory(gender="male")
    member.competence_areas.add(area)
    MembershipFactory(arena=arena, person=member)
    request = make_request(arena, [umbrella, organisations[0]], wanted=[area])
    request = AppointmentRequest.objects.select_related("arena").get(pk=request.pk)

    populate(arena, organisations, 0, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(rank_candidates(request)) == 1
    populate(arena, organisations, 1, 49)
    with CaptureQueriesContext(connection) as fifty:
        ranked = rank_candidates(request)

    assert len(ranked) == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
    assert ranked[0].reasons == [
        f"Dekker ønsket kompetanse: psykisk helse (+{COMPETENCE_FIT})",
        f"Kjønnsbalanse: arenaen trenger flere kvinner (+{GENDER_GAP})",
        f"Har tatt grunnkurset (+{BASIC_COURSE})",
        f"Har 1 av 2 verv i bruk (\u2212{LOAD_PER_SEAT})",
    ]


FACT_TABLES = ("arenas_membership", "people_trainingrecord", "people_person_competence_areas")


def _fact_queries(captured: list[dict[str, str]]) -> list[str]:
    """The statements that read the candidates' competence, courses or seats: those
    after the pool's (the request's own context, read before it, is not among them)."""
    sqls = [q["sql"] for q in captured]
    pool = next(i for i, sql in enumerate(sqls) if 'FROM "people_affiliation"' in sql)
    return [
        sql for sql in sqls[pool + 1 :] if any(f'FROM "{table}"' in sql for table in FACT_TABLES)
    ]


def test_rank_candidates_same_ranking_whichever_way_facts_are_read(
    arena: Arena, kommune: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the facts by id and for everyone gives the same candidates, scores and
    reasons; facts of people outside the pool never count."""
    pool_org = OrganisationFactory(name="Poolen")
    area = CompetenceAreaFactory(slug="syn", name_nb="syn")
    basic = CourseFactory(slug="grunnkurs", is_basic_course=True)
    request = make_request(arena, [pool_org], wanted=[area])
    # A continuing member with the area: the request's context reads their competence
    # by id too, which is not a candidate's fact.
    member = PersonFactory(name="Sittende")
    member.competence_areas.add(area)
    MembershipFactory(arena=arena, person=member, ends_on=TODAY + datetime.timedelta(days=900))
    for i in range(12):
        person = in_pool(pool_org, f"Person {i:02d}", capacity=1 + i % 3)
        if i % 2:
            person.competence_areas.add(area)
        if i % 3 == 0:
            TrainingRecordFactory(person=person, course=basic)
        for _seat in range(i % 4):
            MembershipFactory(arena=ArenaFactory(), person=person)
        if i % 5 == 0:
            # Open seats that are not current: one to come, one run out without an end date.
            MembershipFactory(
                arena=ArenaFactory(),
                person=person,
                starts_on=TODAY + datetime.timedelta(days=10),
                ends_on=TODAY + datetime.timedelta(days=400),
            )
            MembershipFactory(
                arena=ArenaFactory(),
                person=person,
                starts_on=TODAY - datetime.timedelta(days=400),
                ends_on=TODAY - datetime.timedelta(days=1),
            )
    # Outsiders with every fact: not in the pool, so never read into a candidate.
    for i in range(5):
        outsider = PersonFactory(name=f"Utenfor {i}")
        outsider.competence_areas.add(area)
        TrainingRecordFactory(person=outsider, course=basic)
        MembershipFactory(arena=ArenaFactory(), person=outsider)

    with CaptureQueriesContext(connection) as by_id:
        small = rank_candidates(request)
    monkeypatch.setattr(matching, "POOL_LOOKUP_LIMIT", 0)
    with CaptureQueriesContext(connection) as for_everyone:
        large = rank_candidates(request)

    assert len(small) == 12
    # Only current seats count: person 00 (none), 05 (one) and 10 (two) hold open seats
    # that are not current.
    assert [c.reasons[-1] for c in small if c.name == "Person 05"] == [
        f"Har 1 av 3 verv i bruk (\u2212{LOAD_PER_SEAT})"
    ]
    assert [(c.person_id, c.score, c.reasons, c.has_capacity) for c in small] == [
        (c.person_id, c.score, c.reasons, c.has_capacity) for c in large
    ]
    assert not any(name.startswith("Utenfor") for name in names(small))
    # A small pool's facts are read by id: the work follows the pool, not the country.
    reads = _fact_queries(by_id.captured_queries)
    assert len(reads) == 3
    assert all('"person_id" IN (' in sql for sql in reads)
    # A large pool's are read in one pass each, without thousands of ids.
    reads = _fact_queries(for_everyone.captured_queries)
    assert len(reads) == 3
    assert not any('"person_id" IN (' in sql for sql in reads)
