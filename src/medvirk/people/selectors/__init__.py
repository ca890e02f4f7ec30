"""Read queries about people: the questions several views ask, the pool page, the open
nominations on "Mine oppdrag" (whose rows are read in plain statements: ``assignments``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from medvirk.appointments.models import Nomination
from medvirk.arenas.models import Membership
from medvirk.directory.models import Organisation
from medvirk.people.models import Accommodation, Affiliation, Person, TrainingRecord


def asks_personal_details(person: Person | None) -> bool:
    """Whether the profile form should ask for gender and birth year.

    They are asked only where a composition rule needs them: the person sits in,
    or is nominated to, an arena with gender balance, an age limit or an
    elderly-majority rule. Someone who has already given them may always
    change or remove them.
    """
    from medvirk.appointments.enums import RequestStatus
    from medvirk.appointments.models import Nomination
    from medvirk.arenas.models import Membership

    if person is None or person.pk is None:
        return False
    if person.gender or person.birth_year:
        return True

    def needs(prefix: str) -> Q:
        return (
            Q(**{f"{prefix}gender_balance": True})
            | Q(**{f"{prefix}gender_balance_deputies": True})
            | Q(**{f"{prefix}max_age_at_appointment__isnull": False})
            | Q(**{f"{prefix}elderly_majority": True})
        )

    today = timezone.localdate()
    if Membership.objects.filter(
        needs("arena__"), person=person, ended_on__isnull=True, ends_on__gte=today
    ).exists():
        return True
    return (
        Nomination.objects.open()
        .filter(
            needs("request__arena__"),
            person=person,
            request__status__in=[RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.CLOSED],
        )
        .exists()
    )


def open_nominations(person_id: int) -> list[Nomination]:
    """Nominations still waiting for the person, the organisation or the secretariat."""
    return list(
        Nomination.objects.open()
        .on_live_requests()
        .filter(person_id=person_id)
        .select_related("request__arena__owner", "organisation")
        .only(
            "id",
            "status",
            "person_id",
            "request__id",
            "request__term_starts_on",
            "request__term_ends_on",
            "request__arena__id",
            "request__arena__name",
            "request__arena__owner__id",
            "request__arena__owner__name",
            "organisation__id",
            "organisation__name",
        )
        .order_by("request__deadline", "pk")
    )


def pool_for_page(organisation: Organisation, today: datetime.date) -> QuerySet[Person]:
    """An organisation's pool: its people with their affiliations there, competence areas,
    whether they took the basic course and how many seats they hold today."""
    return (
        Person.objects.filter(
            pk__in=Affiliation.objects.filter(organisation=organisation).values("person_id")
        )
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.filter(organisation=organisation),
                to_attr="here",
            ),
            "competence_areas",
        )
        .annotate(
            has_basic_course=Exists(
                TrainingRecord.objects.filter(person=OuterRef("pk"), course__is_basic_course=True)
            ),
            current_count=Count(
                "memberships",
                filter=Q(
                    memberships__ended_on__isnull=True,
                    memberships__starts_on__lte=today,
                    memberships__ends_on__gte=today,
                ),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )


def person_of_user(user: Any) -> Person | None:
    """The user's own person record, if there is one."""
    return Person.objects.filter(user=user).first()


# What a row of people/includes/memberships.html shows: arenas and organisations are wide.
MEMBERSHIP_ROW_FIELDS = (
    "id",
    "person_id",
    "role",
    "deputy_rank",
    "starts_on",
    "ends_on",
    "ended_on",
    "end_reason",
    "arena__id",
    "arena__name",
    "arena__is_public",  # arenas.view_arena reads it
    "arena__owner__id",
    "arena__owner__name",
    "represents__id",
    "represents__name",
)


def memberships_of(person: Person) -> QuerySet[Membership]:
    """The person's seats, latest start first, with the arena's owner and whom the seat
    represents (the columns a row of people/includes/memberships.html shows)."""
    return (
        Membership.objects.filter(person=person)
        .select_related("arena__owner", "represents")
        .only(*MEMBERSHIP_ROW_FIELDS)
        .order_by("-starts_on", "pk")
    )


def has_accommodation(person: Person) -> bool:
    """Whether the person has accommodation needs on record (reads no health data)."""
    return Accommodation.objects.filter(person=person).exists()


def deletion_requests() -> QuerySet[Person]:
    """People who asked to be deleted, oldest request first."""
    return (
        Person.objects.filter(deletion_requested_at__isnull=False)
        .select_related("user")
        .order_by("deletion_requested_at", "pk")
    )
