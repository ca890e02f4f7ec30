"""Read queries about people: the questions several views ask, the pool page.

People sit below arenas and appointments in the layer order, so what a person's seats and
nominations decide here is read through the person's reverse relations
(``person.memberships``, ``person.nominations``), never by importing those apps. The pages
that list seats and nominations live above both: the person page in ``arenas``
(``views_person.py``), "Mine oppdrag" in ``appointments`` (``views_assignments.py``, its
reads in ``appointments/selectors.py``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from medvirk.accounts.rules import admin_organisation_ids, organisation_kinds
from medvirk.common.models import ActivityLog
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.models import Accommodation, Affiliation, Person, TrainingRecord


def asks_personal_details(person: Person | None) -> bool:
    """Whether the profile form should ask for gender and birth year.

    They are asked only where a composition rule needs them: the person sits in,
    or is nominated to, an arena with gender balance, an age limit or an
    elderly-majority rule. Someone who has already given them may always
    change or remove them.

    A yes or no about seats and nominations, so read through the person's reverse
    relations (arenas and appointments sit above people); the request's status group is
    appointments' own queryset method.
    """
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
    if person.memberships.filter(
        needs("arena__"), ended_on__isnull=True, ends_on__gte=today
    ).exists():
        return True
    return (
        person.nominations.open().on_undecided_requests().filter(needs("request__arena__")).exists()
    )


def pool_count(organisation: Organisation) -> int:
    """How many people the organisation's pool holds (one count over the affiliation
    index, whatever the pool's size)."""
    return (
        Affiliation.objects.filter(organisation=organisation).values("person_id").distinct().count()
    )


def pool_for_page(organisation: Organisation, today: datetime.date) -> QuerySet[Person]:
    """An organisation's pool: its people with their affiliations there, competence areas,
    their basic-course records (``basic_courses``) and how many seats they hold today.

    Meant to be sliced into pages (``pool_count`` gives the length): the seats are a
    correlated subquery, which PostgreSQL works out for the page's rows only, after
    sorting by name, and the prefetches read the page's people only.
    """
    # Read through the person's reverse relation (arenas sit above people); the filter
    # comes before the count, so the count sees only the seats held today.
    current_seats = (
        Person.objects.filter(
            pk=OuterRef("pk"),
            memberships__ended_on__isnull=True,
            memberships__starts_on__lte=today,
            memberships__ends_on__gte=today,
        )
        .order_by()
        .values("pk")
        .annotate(n=Count("memberships"))
        .values("n")
    )
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
            # The page's people only (an EXISTS here was planned as a hash over every
            # basic-course record in the country).
            Prefetch(
                "training",
                queryset=TrainingRecord.objects.filter(course__is_basic_course=True).only(
                    "pk", "person_id"
                ),
                to_attr="basic_courses",
            ),
        )
        .annotate(current_count=Coalesce(Subquery(current_seats), 0))
        .order_by("name", "pk")
    )


def pool_admin_organisation_ids(user: Any) -> set[int]:
    """The user organisations and umbrellas whose pool the user manages (an admin role
    there), from the roles the request has already read: no query."""
    kinds = organisation_kinds(user)
    return {
        pk
        for pk in admin_organisation_ids(user)
        if kinds.get(pk) in (OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA)
    }


def pool_admin_organisations_of(ids: set[int]) -> QuerySet[Organisation]:
    """The organisations of :func:`pool_admin_organisation_ids`, for the affiliation form."""
    return Organisation.objects.filter(pk__in=ids)


def person_of_user(user: Any) -> Person | None:
    """The user's own person record, if there is one."""
    return Person.objects.filter(user=user).first()


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


# --- Who read my accommodation needs ---------------------------------------------------

# The action of a read of one person's needs; the domain registers its label
# (people/domain/accommodation.py READ), which imports it from here.
ACCOMMODATION_READ = "people.accommodation.read"


def accommodation_reads(person: Person) -> QuerySet[Any]:
    """Reads of the person's accommodation needs by others, newest first: who (the
    account, or its stored label), in what capacity and organisation, and when. The
    person's own reads are left out. One query a page, however many rows."""
    reads = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        action=ACCOMMODATION_READ,
    )
    if person.user_id is not None:
        reads = reads.exclude(actor_id=person.user_id)
    return reads.select_related("actor", "organisation").order_by("-created_at", "-pk")
