"""Who may do what in the appointment workflow.

A request belongs to the service that owns the arena. Invited organisations,
and the member organisations of invited umbrellas, may see it and nominate.
Facts about a request (which organisations may take part) are read once and
cached on the request object, so checking many rows costs no extra queries.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import (
    admin_organisation_ids,
    is_org_admin,
    is_org_secretariat_or_admin,
    is_platform_admin,
)
from medvirk.appointments.enums import RequestStatus


def invited_org_ids(request: Any) -> set[int]:
    """Organisations invited directly to the request (cached on the request)."""
    cached = getattr(request, "_medvirk_invited_ids", None)
    if cached is None:
        from medvirk.appointments.models import Invitation

        cached = set(
            Invitation.objects.filter(request_id=request.pk).values_list(
                "organisation_id", flat=True
            )
        )
        request._medvirk_invited_ids = cached
    return cached


def invited_umbrella_ids(request: Any) -> set[int]:
    cached = getattr(request, "_medvirk_invited_umbrella_ids", None)
    if cached is None:
        from medvirk.appointments.models import Invitation
        from medvirk.directory.enums import OrganisationKind

        cached = set(
            Invitation.objects.filter(
                request_id=request.pk, organisation__kind=OrganisationKind.UMBRELLA
            ).values_list("organisation_id", flat=True)
        )
        request._medvirk_invited_umbrella_ids = cached
    return cached


def eligible_org_ids(request: Any) -> set[int]:
    """Invited organisations plus the members of invited umbrellas (cached)."""
    cached = getattr(request, "_medvirk_eligible_ids", None)
    if cached is None:
        from medvirk.directory.models import Organisation

        umbrellas = invited_umbrella_ids(request)
        members: set[int] = set()
        if umbrellas:
            members = set(
                Organisation.objects.filter(umbrellas__in=umbrellas).values_list("pk", flat=True)
            )
        cached = invited_org_ids(request) | members
        request._medvirk_eligible_ids = cached
    return cached


@rules.predicate
def is_published(user: Any, request: Any = None) -> bool:
    return bool(request is not None and request.status != RequestStatus.DRAFT)


@rules.predicate
def is_open(user: Any, request: Any = None) -> bool:
    return bool(request is not None and request.status == RequestStatus.OPEN)


@rules.predicate
def is_admin_of_eligible_org(user: Any, request: Any = None) -> bool:
    if request is None:
        return False
    mine = admin_organisation_ids(user)
    return bool(mine and mine & eligible_org_ids(request))


@rules.predicate
def is_admin_of_invited_umbrella(user: Any, request: Any = None) -> bool:
    if request is None:
        return False
    mine = admin_organisation_ids(user)
    return bool(mine and mine & invited_umbrella_ids(request))


@rules.predicate
def is_candidate(user: Any, nomination: Any = None) -> bool:
    person = getattr(nomination, "person", None)
    return bool(
        person is not None
        and getattr(user, "is_authenticated", False)
        and person.user_id is not None
        and person.user_id == user.pk
    )


rules.add_perm("appointments.manage_request", is_platform_admin | is_org_secretariat_or_admin)
rules.add_perm(
    "appointments.view_request",
    is_platform_admin | is_org_secretariat_or_admin | (is_published & is_admin_of_eligible_org),
)
rules.add_perm("appointments.nominate", is_platform_admin | (is_open & is_admin_of_eligible_org))
rules.add_perm(
    "appointments.recommend", is_platform_admin | (is_published & is_admin_of_invited_umbrella)
)
rules.add_perm("appointments.confirm_trust", is_platform_admin | is_org_admin)
rules.add_perm(
    "appointments.withdraw_nomination",
    is_platform_admin | is_org_admin | is_candidate,
)
