"""Invented representatives for the demo. Every person here is made up."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.common.demo import FIRST_NAMES, LAST_NAMES
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.enums import AffiliationKind, Gender
from medvirk.people.models import (
    Accommodation,
    Affiliation,
    CompetenceArea,
    Course,
    Person,
    TrainingRecord,
)

MEMBER_EMAIL = "medlem@medvirk.test"

# People who joined the pools more recently, so that the candidate ranking has people with
# free capacity to suggest (the first thirty sit in the demo's arenas).
NEWCOMERS = [
    ("Amalie", "Haugen"),
    ("Tobias", "Eide"),
    ("Nora", "Bakken"),
    ("Emil", "Halvorsen"),
    ("Leah", "Moen"),
    ("Yusuf", "Aas"),
    ("Tiril", "Sandvik"),
    ("Magnus", "Lunde"),
    ("Sofie", "Hagen"),
    ("Ahmed", "Nygård"),
    ("Elin", "Sørensen"),
    ("Oskar", "Myhre"),
]


def _ascii(text: str) -> str:
    return text.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")


def load(orgs: dict[str, Organisation], seed: int = 2026) -> list[Person]:
    """Create 42 people in the demo user organisations' pools."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    pools = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA], parent__isnull=True
        ).order_by("name")
    )
    for key in ("user_org", "other_user_org", "umbrella"):
        if key in orgs and orgs[key] not in pools:
            pools.append(orgs[key])
    if not pools:
        return []
    areas = list(CompetenceArea.objects.all())
    lived = [a for a in areas if a.category == "lived_experience"]
    others = [a for a in areas if a.category != "lived_experience"]
    basic = Course.objects.filter(is_basic_course=True).first()
    other_courses = list(Course.objects.filter(is_basic_course=False))
    today = timezone.localdate()
    people: list[Person] = []
    names = [(FIRST_NAMES[i], LAST_NAMES[i % len(LAST_NAMES)]) for i in range(30)] + NEWCOMERS
    for index, (first, last) in enumerate(names):
        organisation = orgs.get("user_org") if index < 8 else rng.choice(pools)
        assert organisation is not None
        person = Person.objects.create(
            name=f"{first} {last}",
            email=f"{_ascii(first)}.{_ascii(last)}@example.no",
            phone=f"{rng.randint(40, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            languages=["nb"] + (["se"] if index % 9 == 0 else []) + (["en"] if index % 3 else []),
            capacity=rng.randint(1, 4) if index < 30 else rng.randint(2, 3),
            gender=[Gender.FEMALE, Gender.MALE, ""][index % 3],
            birth_year=rng.randint(1945, 2004) if index % 2 == 0 else None,
            created_by=organisation,
        )
        if areas:
            chosen = ([rng.choice(lived)] if lived else []) + rng.sample(
                others, k=min(len(others), rng.randint(1, 3))
            )
            person.competence_areas.set(chosen)
        Affiliation.objects.create(
            person=person,
            organisation=organisation,
            kind=AffiliationKind.POOL,
            since=today - timedelta(days=rng.randint(30, 1500)),
        )
        if index % 4 == 0:
            Affiliation.objects.create(
                person=person, organisation=organisation, kind=AffiliationKind.BOARD
            )
        if basic is not None and index % 3 != 2:
            TrainingRecord.objects.create(
                person=person,
                course=basic,
                provider="FFO" if index % 2 else "Kompetansesenteret",
                completed_on=today - timedelta(days=rng.randint(60, 2000)),
            )
        if other_courses and index % 5 == 0:
            TrainingRecord.objects.create(
                person=person,
                course=rng.choice(other_courses),
                completed_on=today - timedelta(days=rng.randint(30, 900)),
            )
        people.append(person)

    member = User.objects.filter(email=MEMBER_EMAIL).first()
    if member is not None and not Person.objects.filter(user=member).exists():
        person = people[0]
        person.user = member
        person.email = member.email
        person.save(update_fields=["user", "email"])
        member.name = person.name  # the representative's account goes by their name
        member.save(update_fields=["name"])
        Accommodation.objects.create(
            person=person,
            needs="Trenger trinnfri adkomst og teleslynge i møterommet.",
            consent_purpose=(
                "Opplysningene brukes bare til å tilrettelegge møter i rådene og utvalgene "
                "du sitter i."
            ),
            consent_given_at=timezone.now() - timedelta(days=40),
        )
    return people
