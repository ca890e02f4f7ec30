"""Invented demo arenas: every kind, spread over the demo services, with members,
deputies, reserved seats, one private arena and some history. Everything is made up."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from medvirk.arenas.domain.arenas import template_defaults
from medvirk.arenas.enums import ArenaKind, EndReason, MemberRole
from medvirk.arenas.models import Arena, Membership, ReservedSeat
from medvirk.common.dates import add_years
from medvirk.common.richtext import clean_rich_text
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.enums import AffiliationKind, Gender
from medvirk.people.models import Affiliation, CompetenceArea, Person


@dataclass
class Plan:
    service: str
    kind: str
    name: str
    mandate: str
    members: int = 5
    deputies: int = 2
    public: bool = True
    elderly_majority: bool = False
    history: bool = False
    reserved: list[tuple[str, int]] = field(default_factory=list)  # org name prefix, seats


def _mandate(purpose: str, tasks: list[str]) -> str:
    items = "".join(f"<li>{task}</li>" for task in tasks)
    return clean_rich_text(
        f"<h2>Formål</h2><p>{purpose}</p><h2>Oppgaver</h2><ul>{items}</ul>"
        "<p>Rådet kan ta opp saker på <strong>eget initiativ</strong>.</p>"
    )


PLANS = [
    Plan(
        "Bergen kommune",
        ArenaKind.ELDRERAD,
        "Eldrerådet i Bergen",
        _mandate(
            "Eldrerådet er et rådgivende organ for kommunen i saker som gjelder eldre.",
            [
                "Uttale seg om budsjett og økonomiplan",
                "Gi råd om helse- og omsorgstjenester",
                "Følge med på tilgjengelighet i byen",
            ],
        ),
        members=7,
        deputies=3,
        elderly_majority=True,
        history=True,
        reserved=[("Pensjonistforeningen Norge", 2)],
    ),
    Plan(
        "Bergen kommune",
        ArenaKind.FUNKSJONSHEMMEDE,
        "Rådet for personer med funksjonsnedsettelse i Bergen",
        _mandate(
            "Rådet sikrer at personer med funksjonsnedsettelse blir hørt i kommunens saker.",
            ["Uttale seg om universell utforming", "Gi råd om skole, arbeid og transport"],
        ),
        members=7,
        deputies=3,
        reserved=[("Samarbeidsforumet", 4), ("Mental helse", 1)],
    ),
    Plan(
        "Bergen kommune",
        ArenaKind.UNGDOMSRAD,
        "Ungdomsrådet i Bergen",
        _mandate(
            "Ungdomsrådet gir ungdom en stemme i saker som angår dem.",
            ["Uttale seg om fritidstilbud og skolehelsetjeneste", "Fordele ungdomsmidler"],
        ),
        members=5,
        deputies=2,
    ),
    Plan(
        "Tromsø kommune",
        ArenaKind.ELDRERAD,
        "Eldrerådet i Tromsø",
        _mandate(
            "Eldrerådet gir råd i saker som gjelder eldre innbyggere.",
            ["Uttale seg om hjemmetjenester", "Gi råd om digitale tjenester"],
        ),
        members=5,
        elderly_majority=True,
    ),
    Plan(
        "Tromsø kommune",
        ArenaKind.DIALOGKONFERANSE,
        "Dialogkonferansen om boliger for alle",
        _mandate(
            "En årlig konferanse der kommunen og brukerne drøfter boligpolitikken.",
            ["Samle erfaringer fra leietakere", "Gi innspill til boligplanen"],
        ),
        members=4,
        deputies=0,
    ),
    Plan(
        "Vestland fylkeskommune",
        ArenaKind.FUNKSJONSHEMMEDE,
        "Fylkesrådet for personer med funksjonsnedsettelse",
        _mandate(
            "Fylkesrådet gir råd om fylkeskommunens tjenester.",
            ["Uttale seg om kollektivtransport", "Gi råd om videregående opplæring"],
        ),
        members=5,
        reserved=[("Samarbeidsforumet", 2)],
    ),
    Plan(
        "Nav Trondheim",
        ArenaKind.BRUKERUTVALG,
        "Brukerutvalget i Nav Trondheim",
        _mandate(
            "Brukerutvalget bidrar til at Nav-kontoret utvikler tjenestene sammen med brukerne.",
            [
                "Delta i planlegging av tjenester",
                "Gi innspill til brukerundersøkelser",
                "Ta opp erfaringer fra brukerne",
            ],
        ),
        members=6,
        history=True,
        reserved=[("Rus- og psykisk helse", 1)],
    ),
    Plan(
        "Nav Bodø",
        ArenaKind.BRUKERPANEL,
        "Brukerpanelet for ny digital søknad",
        _mandate(
            "Et lukket panel som tester ny digital søknad før den lanseres.",
            ["Teste skjermbilder", "Gi tilbakemelding på språk"],
        ),
        members=4,
        deputies=0,
        public=False,
    ),
    Plan(
        "Helse Vestkyst HF",
        ArenaKind.BRUKERUTVALG,
        "Brukerutvalget i Helse Vestkyst",
        _mandate(
            "Brukerutvalget er helseforetakets viktigste arena for medvirkning på systemnivå.",
            [
                "Uttale seg om planer og budsjett",
                "Oppnevne brukerrepresentanter til prosjekter",
                "Følge opp pasientsikkerhet",
            ],
        ),
        members=7,
        deputies=3,
        history=True,
        reserved=[("Samarbeidsforumet", 3), ("Rus- og psykisk helse", 2)],
    ),
    Plan(
        "Helse Vestkyst HF",
        ArenaKind.ERFARINGSFORUM,
        "Erfaringsforum for psykisk helse og rus",
        _mandate(
            "Forumet samler erfaringer fra pasienter og pårørende i psykisk helsevern og TSB.",
            ["Gi innspill til pasientforløp", "Delta i opplæring av ansatte"],
        ),
        members=6,
    ),
    Plan(
        "Helse Nordfjell HF",
        ArenaKind.REFERANSEGRUPPE,
        "Referansegruppe for pasientreiser",
        _mandate(
            "Referansegruppen gir råd om pasientreiser i helseforetaket.",
            ["Vurdere endringer i reiseordningen"],
        ),
        members=4,
        deputies=1,
    ),
    Plan(
        "Helse Nordvest RHF",
        ArenaKind.PROSJEKTGRUPPE,
        "Prosjektgruppen for samvalg",
        _mandate(
            "Prosjektgruppen skal innføre samvalgsverktøy i helseforetakene.",
            ["Teste verktøyene", "Gi råd om informasjon til pasienter"],
        ),
        members=4,
        deputies=1,
    ),
]

YOUTH = [
    ("Ida Nordvik", Gender.FEMALE),
    ("Emil Haugland", Gender.MALE),
    ("Sara Lunde", Gender.FEMALE),
    ("Jonas Ytrehus", Gender.MALE),
    ("Maja Fosse", Gender.FEMALE),
    ("Noah Bakke", Gender.MALE),
    ("Ella Sandvik", Gender.FEMALE),
]


def _find(name: str, *, kind: str | None = None) -> Organisation | None:
    queryset = Organisation.objects.filter(name__startswith=name)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("pk").first()


def load(orgs: dict[str, Organisation], people: list[Person], seed: int = 2026) -> None:
    """Create the demo arenas. `people` is what the people demo created."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    load_count: Counter[int] = Counter()
    user_orgs = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA], parent__isnull=True
        ).order_by("name")
    ) or [o for o in orgs.values() if o.kind != OrganisationKind.SERVICE]
    home_org: dict[int, Organisation] = {}
    for affiliation in Affiliation.objects.filter(person__in=people).select_related("organisation"):
        home_org.setdefault(affiliation.person_id, affiliation.organisation)
    areas = list(CompetenceArea.objects.all())

    youth_org = _find("Unge funksjonshemmede") or (user_orgs[0] if user_orgs else None)
    youth: list[Person] = []
    for index, (name, gender) in enumerate(YOUTH):
        person = Person.objects.create(
            name=name,
            gender=gender,
            birth_year=today.year - 15 - index % 3,
            capacity=1,
            created_by=youth_org,
        )
        if youth_org is not None:
            Affiliation.objects.create(
                person=person, organisation=youth_org, kind=AffiliationKind.POOL
            )
            home_org[person.pk] = youth_org
        youth.append(person)

    def pick(pool: list[Person], count: int, taken: set[int], prefer_old: bool) -> list[Person]:
        free = [p for p in pool if p.pk not in taken and load_count[p.pk] < p.capacity]
        rng.shuffle(free)
        # Spread the seats: those with the fewest seats first, so that people who can
        # take more still have free capacity and the candidate ranking has someone to
        # suggest (filled in turn, everyone ended up at their capacity).
        if prefer_old:
            free.sort(key=lambda p: (load_count[p.pk], p.birth_year or 1990))
        else:
            free.sort(key=lambda p: load_count[p.pk])
        chosen = free[:count]
        for person in chosen:
            taken.add(person.pk)
            load_count[person.pk] += 1
        return chosen

    adults = list(people)
    # One person sits in two services' arenas.
    shared = next((p for p in adults if p.capacity >= 2), None)
    if shared is not None:
        load_count[shared.pk] = shared.capacity  # both seats reserved up front
    for plan in PLANS:
        owner = _find(plan.service, kind=OrganisationKind.SERVICE)
        if owner is None:
            continue
        defaults = template_defaults(plan.kind)
        arena = Arena.objects.create(
            owner=owner,
            kind=plan.kind,
            name=plan.name,
            mandate=plan.mandate,
            is_public=plan.public,
            members_count=plan.members,
            deputies_count=plan.deputies,
            elderly_majority=plan.elderly_majority,
            **defaults,
        )
        if areas:
            arena.required_competence.set(rng.sample(areas, k=min(2, len(areas))))
        reserved_total = 0
        for prefix, seats in plan.reserved:
            organisation = _find(prefix)
            if organisation is not None and reserved_total + seats <= plan.members:
                ReservedSeat.objects.create(arena=arena, organisation=organisation, seats=seats)
                reserved_total += seats

        term = arena.term_years
        # Terms started some while ago; some end within the next months (reminders).
        starts = today - datetime.timedelta(days=rng.randint(60, 365 * term - 40))
        ends = add_years(starts, term) - datetime.timedelta(days=1)
        pool = youth if plan.kind == ArenaKind.UNGDOMSRAD else adults
        taken: set[int] = set()
        seated: list[Person] = []
        if shared is not None and plan.name in (
            "Eldrerådet i Bergen",
            "Brukerutvalget i Helse Vestkyst",
        ):
            taken.add(shared.pk)
            seated.append(shared)
        seated += pick(pool, plan.members - len(seated), taken, plan.elderly_majority)
        deputies = pick(pool, plan.deputies, taken, plan.elderly_majority)

        def represents(person: Person) -> Organisation | None:
            return home_org.get(person.pk) or (rng.choice(user_orgs) if user_orgs else None)

        for index, person in enumerate(seated):
            role = (
                MemberRole.CHAIR
                if index == 0
                else MemberRole.DEPUTY_CHAIR
                if index == 1
                else MemberRole.MEMBER
            )
            Membership.objects.create(
                arena=arena,
                person=person,
                role=role,
                represents=represents(person),
                starts_on=starts,
                ends_on=ends,
            )
        for rank, person in enumerate(deputies, start=1):
            Membership.objects.create(
                arena=arena,
                person=person,
                role=MemberRole.DEPUTY,
                deputy_rank=rank,
                represents=represents(person),
                starts_on=starts,
                ends_on=ends,
            )
        if plan.history:
            before = add_years(starts, -term)
            previous = [p for p in pool if p.pk not in taken][:3]
            for index, person in enumerate(previous):
                resigned = index == 2
                Membership.objects.create(
                    arena=arena,
                    person=person,
                    role=MemberRole.MEMBER,
                    represents=represents(person),
                    starts_on=before,
                    ends_on=starts - datetime.timedelta(days=1),
                    ended_on=(
                        before + datetime.timedelta(days=200)
                        if resigned
                        else starts - datetime.timedelta(days=1)
                    ),
                    end_reason=EndReason.RESIGNED if resigned else EndReason.TERM_ENDED,
                )
