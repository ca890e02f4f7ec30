"""A request scenario shared by the appointment tests.

The service owning the arena is the `secretariat` persona's service. Umbrella U
(admin: `umbrella_admin`) has organisation A as a member; organisation B is
neither a member nor invited.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.appointments.domain.nominations import confirm_trust, nominate, respond_to_consent
from medvirk.appointments.domain.requests import create_request, open_request
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, Person
from tests.conftest import Tenant, enable_totp
from tests.factories import RoleFactory, ServiceFactory, UmbrellaFactory, UserFactory
from tests.factories.people import ArenaFactory

TODAY = timezone.localdate


def request_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "title": "Kandidater til brukerutvalget",
        "member_seats": 3,
        "deputy_seats": 1,
        "term_starts_on": today + datetime.timedelta(days=60),
        "term_ends_on": today + datetime.timedelta(days=60 + 365),
        "requirements": "Erfaring fra psykisk helsevern.",
        "deadline": today + datetime.timedelta(days=20),
    }
    data.update(overrides)
    return data


@dataclass
class Scenario:
    service: Organisation
    arena: Arena
    umbrella: Organisation
    umbrella_admin: User
    other_secretariat: User
    representative: User
    candidate: Person  # in organisation A's pool, linked to `representative`
    org_a: Tenant
    org_b: Tenant
    secretariat: User
    platform_admin: User

    def make_request(
        self, *, invite: list[Organisation] | None = None, opened: bool = True
    ) -> AppointmentRequest:
        request = create_request(
            arena=self.arena,
            by=self.secretariat,
            data=request_data(),
            organisations=invite if invite is not None else [self.umbrella],
        )
        if opened:
            request = open_request(request, by=self.secretariat)
        return request


@pytest.fixture
def scenario(org_a: Tenant, org_b: Tenant, secretariat: User, platform_admin: User) -> Scenario:
    service = secretariat.roles.get().organisation
    arena = ArenaFactory(owner=service, term_years=2)
    umbrella = UmbrellaFactory(name="Paraplyen U")
    org_a.organisation.umbrellas.add(umbrella)
    umbrella_admin = UserFactory(email="admin-u@example.org")
    RoleFactory(user=umbrella_admin, organisation=umbrella, role=RoleKind.ADMIN)
    other_secretariat = UserFactory(email="sekretariat-annen@example.org")
    RoleFactory(user=other_secretariat, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    enable_totp(other_secretariat)
    representative = UserFactory(email="kandidat@example.org")
    candidate = Person.objects.create(
        name="Kari Kandidat", email="kandidat@example.org", user=representative
    )
    Affiliation.objects.create(
        person=candidate, organisation=org_a.organisation, kind=AffiliationKind.POOL
    )
    return Scenario(
        service=service,
        arena=arena,
        umbrella=umbrella,
        umbrella_admin=umbrella_admin,
        other_secretariat=other_secretariat,
        representative=representative,
        candidate=candidate,
        org_a=org_a,
        org_b=org_b,
        secretariat=secretariat,
        platform_admin=platform_admin,
    )


ALL_PERSONAS = [
    "anonymous",
    "representative",
    "admin_a",
    "admin_b",
    "umbrella_admin",
    "secretariat",
    "other_secretariat",
    "platform_admin",
]


def persona_user(scenario: Scenario, name: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "representative": scenario.representative,
        "admin_a": scenario.org_a.admin,
        "admin_b": scenario.org_b.admin,
        "umbrella_admin": scenario.umbrella_admin,
        "secretariat": scenario.secretariat,
        "other_secretariat": scenario.other_secretariat,
        "platform_admin": scenario.platform_admin,
    }[name]


def client_for(scenario: Scenario, name: str) -> Client:
    client = Client()
    user = persona_user(scenario, name)
    if user.is_authenticated:
        client.force_login(user)
    return client


def token_from_mail(message: Any) -> tuple[int, str]:
    match = re.search(r"/oppnevning/samtykke/(\d+)/([^/\s]+)/", message.body)
    assert match is not None
    return int(match.group(1)), match.group(2)


def nominate_candidate(
    scenario: Scenario, request: AppointmentRequest, person: Person | None = None, **criteria: Any
) -> tuple[Nomination, str]:
    """Organisation A nominates ``person``; returns the nomination and the raw consent token."""
    before = len(mail.outbox)
    nomination = nominate(
        request=request,
        by=scenario.org_a.admin,
        organisation=scenario.org_a.organisation,
        person=person or scenario.candidate,
        criteria=criteria,
    )
    pk, token = token_from_mail(mail.outbox[before])
    assert pk == nomination.pk
    return nomination, token


def confirmed_nomination(
    scenario: Scenario, request: AppointmentRequest, person: Person | None = None
) -> Nomination:
    nomination, token = nominate_candidate(scenario, request, person)
    respond_to_consent(pk=nomination.pk, token=token, accept=True)
    return confirm_trust(nomination, by=scenario.org_a.admin)


def pool_person(organisation: Organisation, name: str) -> Person:
    person = Person.objects.create(name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
    Affiliation.objects.create(person=person, organisation=organisation, kind=AffiliationKind.POOL)
    return person
