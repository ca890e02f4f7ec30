"""Benchmark candidate matching: one request against 12,000 people in the pools.

Run with:  .venv/bin/python scripts/benchmark_matching.py [--people 12000] [--runs 9]

Sets up Django against a fresh temporary SQLite database (migrated here),
bulk-creates the people in the pools of 40 organisations (two umbrellas with
their members, all invited) with competence, training and current seats,
times `rank_candidates` and prints the median and maximum in milliseconds.
Exits 1 if the median is over the budget (200 ms). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BUDGET_MS = 200.0
ORGANISATIONS = 40


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=12_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    workdir = tempfile.TemporaryDirectory(prefix="medvirk-bench-")
    os.environ["MEDVIRK_DATABASE_URL"] = f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")

    import django

    django.setup()
    from django.core.management import call_command

    print("Migrating a temporary database …", flush=True)
    call_command("migrate", verbosity=0)
    request = populate(args.people)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from medvirk.appointments.matching import rank_candidates

    rank_candidates(request)  # warm up
    with CaptureQueriesContext(connection) as queries:
        ranked = rank_candidates(request)
    timings = []
    for _run in range(args.runs):
        started = time.perf_counter()
        rank_candidates(request)
        timings.append((time.perf_counter() - started) * 1000)
    median, worst = statistics.median(timings), max(timings)
    print(f"People in the pools: {args.people}; queries per call: {len(queries)}")
    print(f"Top candidate: {ranked[0].name} ({ranked[0].score}): {'; '.join(ranked[0].reasons)}")
    print(f"rank_candidates over {args.runs} runs: median {median:.1f} ms, max {worst:.1f} ms")
    workdir.cleanup()
    if median > BUDGET_MS:
        print(f"FAIL: the median is over the budget of {BUDGET_MS:.0f} ms")
        return 1
    print(f"OK: within the budget of {BUDGET_MS:.0f} ms")
    return 0


def populate(people_count: int):  # type: ignore[no-untyped-def]
    from django.db import transaction

    from medvirk.appointments.enums import RequestStatus
    from medvirk.appointments.models import AppointmentRequest, Invitation
    from medvirk.arenas.enums import ArenaKind, Influence, Level, MemberRole
    from medvirk.arenas.models import Arena, Membership
    from medvirk.directory.enums import OrganisationKind, RegionKind, ServiceKind
    from medvirk.directory.models import Organisation, Region
    from medvirk.people.enums import AffiliationKind, CompetenceCategory
    from medvirk.people.models import (
        Affiliation,
        CompetenceArea,
        Course,
        Person,
        TrainingRecord,
    )

    rng = random.Random(28)  # noqa: S311 (test data, not secrets)
    today = date.today()
    print(f"Creating {people_count} people in {ORGANISATIONS} pools …", flush=True)
    with transaction.atomic():
        fylker = [
            Region.objects.create(code=f"{40 + i}", name=f"Fylke {i}", kind=RegionKind.FYLKE)
            for i in range(5)
        ]
        kommuner = [
            Region.objects.create(
                code=f"{5000 + i}", name=f"Kommune {i}", kind=RegionKind.KOMMUNE, parent=fylke
            )
            for i, fylke in enumerate(fylker * 8)
        ]
        areas = [
            CompetenceArea.objects.create(
                slug=f"omrade-{i}",
                name_nb=f"Område {i}",
                name_nn=f"Område {i}",
                name_en=f"Area {i}",
                category=CompetenceCategory.SERVICE_AREA,
            )
            for i in range(20)
        ]
        basic = Course.objects.create(
            slug="grunnkurs",
            name_nb="Grunnkurs",
            name_nn="Grunnkurs",
            name_en="Basic course",
            is_basic_course=True,
        )
        other_course = Course.objects.create(
            slug="annet", name_nb="Annet", name_nn="Anna", name_en="Other"
        )
        service = Organisation.objects.create(
            kind=OrganisationKind.SERVICE, service_kind=ServiceKind.KOMMUNE, name="Tjenesten"
        )
        service.regions.set([kommuner[0]])
        umbrellas = [
            Organisation.objects.create(kind=OrganisationKind.UMBRELLA, name=f"Paraply {i}")
            for i in range(2)
        ]
        organisations = list(umbrellas)
        for i in range(ORGANISATIONS - len(umbrellas)):
            organisation = Organisation.objects.create(
                kind=OrganisationKind.USER_ORG, name=f"Forening {i:02d}"
            )
            organisation.umbrellas.add(umbrellas[i % 2])
            organisations.append(organisation)

        arena = Arena.objects.create(
            owner=service,
            kind=ArenaKind.BRUKERUTVALG,
            name="Brukerutvalget",
            level=Level.SYSTEM,
            influence=Influence.DIALOGUE,
            term_years=2,
            members_count=9,
        )
        arena.required_competence.set(areas[:2])
        other_arenas = [
            Arena.objects.create(
                owner=service,
                kind=ArenaKind.REFERANSEGRUPPE,
                name=f"Gruppe {i}",
                level=Level.SERVICE,
                influence=Influence.DIALOGUE,
                term_years=2,
            )
            for i in range(30)
        ]

        Person.objects.bulk_create(
            Person(
                name=f"Person {i:05d}",
                gender=rng.choice(["female", "male", "male", "other", ""]),
                capacity=rng.choice([1, 2, 2, 3]),
                home_region=rng.choice(kommuner),
            )
            for i in range(people_count)
        )
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        Affiliation.objects.bulk_create(
            Affiliation(
                person_id=pk,
                organisation=organisations[i % ORGANISATIONS],
                kind=AffiliationKind.POOL,
            )
            for i, pk in enumerate(people)
        )
        Through = Person.competence_areas.through
        Through.objects.bulk_create(
            Through(person_id=pk, competencearea_id=area.pk)
            for pk in people
            for area in rng.sample(areas, rng.randint(0, 3))
        )
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                person_id=pk,
                course=basic if rng.random() < 0.5 else other_course,
                completed_on=today - timedelta(days=rng.randint(1, 2000)),
            )
            for pk in people
            if rng.random() < 0.7
        )
        seats = []
        for index, pk in enumerate(rng.sample(people, people_count // 4)):
            in_arena = index < 6
            seats.append(
                Membership(
                    arena=arena if in_arena else rng.choice(other_arenas),
                    person_id=pk,
                    role=MemberRole.MEMBER if in_arena or rng.random() < 0.7 else MemberRole.DEPUTY,
                    starts_on=today - timedelta(days=100),
                    ends_on=today + timedelta(days=rng.randint(10, 700)),
                )
            )
        Membership.objects.bulk_create(seats)

        request = AppointmentRequest.objects.create(
            arena=arena,
            title="Nye medlemmer",
            member_seats=3,
            term_starts_on=today + timedelta(days=30),
            term_ends_on=today + timedelta(days=760),
            deadline=today + timedelta(days=20),
            status=RequestStatus.OPEN,
        )
        request.wanted_competence.set(areas[2:4])
        for organisation in [*umbrellas, organisations[5]]:
            Invitation.objects.create(request=request, organisation=organisation)
    return AppointmentRequest.objects.select_related("arena").get(pk=request.pk)


if __name__ == "__main__":
    sys.exit(main())
