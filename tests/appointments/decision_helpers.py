"""A request ready for a decision, built directly with the ORM (shared by the decision tests)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.appointments.enums import NominationStatus, RequestStatus
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.people.enums import Gender
from tests.factories import RoleFactory, UmbrellaFactory, UserFactory
from tests.factories.people import ArenaFactory, PersonFactory

TERM_START = datetime.date(2027, 1, 1)
TERM_END = datetime.date(2028, 12, 31)


@dataclass
class Scenario:
    arena: Arena
    request: AppointmentRequest
    umbrella: Organisation
    umbrella_admin: User
    kari: Nomination  # female
    ola: Nomination  # male
    per: Nomination  # male
    nina: Nomination  # female


def make_scenario(secretariat: User, organisation: Organisation) -> Scenario:
    """An arena of the secretariat's service (2 members, 1 deputy, gender balance) and an
    open request with four confirmed nominations from `organisation`."""
    service = secretariat.roles.get(role=RoleKind.SECRETARIAT).organisation
    arena = ArenaFactory(
        owner=service, name="Brukerutvalget", members_count=2, deputies_count=1, term_years=2
    )
    umbrella = UmbrellaFactory(name="Paraplyen")
    organisation.umbrellas.add(umbrella)
    umbrella_admin = UserFactory(email="paraply-admin@example.org")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)
    request = AppointmentRequest.objects.create(
        arena=arena,
        title="Nye medlemmer 2027",
        member_seats=2,
        deputy_seats=1,
        term_starts_on=TERM_START,
        term_ends_on=TERM_END,
        deadline=datetime.date(2026, 12, 1),
        status=RequestStatus.CLOSED,
    )

    def nominate(name: str, gender: str) -> Nomination:
        person = PersonFactory(name=name, gender=gender, birth_year=1970)
        return Nomination.objects.create(
            request=request,
            organisation=organisation,
            person=person,
            status=NominationStatus.CONFIRMED,
        )

    return Scenario(
        arena=arena,
        request=request,
        umbrella=umbrella,
        umbrella_admin=umbrella_admin,
        kari=nominate("Kari Nordmann", Gender.FEMALE),
        ola=nominate("Ola Nordmann", Gender.MALE),
        per=nominate("Per Hansen", Gender.MALE),
        nina=nominate("Nina Berg", Gender.FEMALE),
    )
