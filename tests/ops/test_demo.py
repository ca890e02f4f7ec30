"""`make demo` loads what the issues promise a newcomer will see."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db.models import Count

from medvirk.accounts.models import User
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.matching import rank_candidates
from medvirk.appointments.models import AppointmentRequest, Recommendation
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena, Membership
from medvirk.common.demo import DEMO_LOGINS
from medvirk.directory.enums import Level, OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.models import Person


def test_load_demo_builds_the_promised_directory_and_is_idempotent(db: Any) -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # a second `make demo` changes nothing

    kinds = dict(
        Organisation.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    assert kinds[OrganisationKind.UMBRELLA] >= 2
    assert kinds[OrganisationKind.USER_ORG] >= 30
    assert kinds[OrganisationKind.SERVICE] >= 10
    user_orgs = Organisation.objects.filter(kind=OrganisationKind.USER_ORG)
    assert {Level.NATIONAL, Level.COUNTY, Level.LOCAL} <= set(
        user_orgs.values_list("level", flat=True)
    )
    assert user_orgs.filter(parent__isnull=False).exists()
    assert user_orgs.filter(umbrellas__isnull=False).exists()
    assert (
        Organisation.objects.filter(contacts__isnull=False).distinct().count()
        == Organisation.objects.count()
    )
    assert set(User.objects.values_list("email", flat=True)) >= {
        login.email for login in DEMO_LOGINS
    }


def test_load_demo_has_arenas_of_every_kind_and_a_person_in_two_services(db: Any) -> None:
    call_command("load_demo", verbosity=0)

    assert set(Arena.objects.values_list("kind", flat=True)) == set(ArenaKind.values)
    services_per_person = (
        Membership.objects.current()
        .values("person")
        .annotate(services=Count("arena__owner", distinct=True))
        .filter(services__gte=2)
    )
    assert services_per_person.exists()


def test_load_demo_has_an_open_request_with_nominations_and_a_recommendation(db: Any) -> None:
    call_command("load_demo", verbosity=0)

    request = AppointmentRequest.objects.get(status=RequestStatus.OPEN)
    assert request.invitations.count() == 2
    statuses = set(request.nominations.values_list("status", flat=True))
    assert len(statuses) >= 2
    recommendation = Recommendation.objects.get(request=request)
    assert recommendation.submitted_at is not None
    assert recommendation.entries.count() >= 1


def test_load_demo_names_its_accounts_in_bokmal_by_their_role(db: Any) -> None:
    call_command("load_demo", verbosity=0)

    names = dict(User.objects.values_list("email", "name"))
    member = Person.objects.get(user__email="medlem@medvirk.test")
    umbrella = Organisation.objects.get(roles__user__email="paraply@medvirk.test")
    assert {login.email: names[login.email] for login in DEMO_LOGINS} == {
        "plattform@medvirk.test": "Plattformadministrator",
        "sekretariat@medvirk.test": "Sekretariat, Bergen kommune",
        "leder@medvirk.test": "Beslutningstaker, Bergen kommune",
        "orgadmin@medvirk.test": "Administrator, Landsforbundet for bevegelseshemmede (LFB)",
        "paraply@medvirk.test": f"Administrator, {umbrella.name}",
        "medlem@medvirk.test": member.name,
    }


def test_load_demo_candidate_ranking_has_people_with_free_capacity(db: Any) -> None:
    """The demo seats people in turn, fewest seats first, and has newcomers in the pools:
    filled in order, everyone sat at their capacity and the ranking said "Ingen ledig
    kapasitet" for every candidate."""
    call_command("load_demo", verbosity=0)

    request = AppointmentRequest.objects.get(status=RequestStatus.OPEN)
    ranking = rank_candidates(request)
    with_room = [c for c in ranking if c.has_capacity]
    assert len(with_room) >= 5
    # Those with free capacity come first, whatever the score of those without.
    assert ranking[: len(with_room)] == with_room
