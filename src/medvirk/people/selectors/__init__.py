"""Read-only questions about people that several views ask."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from medvirk.people.models import Person


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
