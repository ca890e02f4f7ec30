"""Which advice, reports and input a user may see, as querysets (the one place for it).

Public pages, the API and CSV use ``public_advice()`` only. Reports never leave the
organisation: a confidential one is seen by the organisation's admins and the writer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import (
    admin_organisation_ids,
    organisation_ids_with_roles,
    roles_by_organisation,
)
from medvirk.arenas.rules import member_arena_ids
from medvirk.followup.models import Advice, OrganisationInput, Report


def public_advice() -> QuerySet[Advice]:
    """Advice anyone may read: public advice in public arenas."""
    return Advice.objects.filter(is_public=True, arena__is_public=True)


def visible_advice(user: Any) -> QuerySet[Advice]:
    q = Q(is_public=True, arena__is_public=True)
    if getattr(user, "is_authenticated", False):
        owner_ids = organisation_ids_with_roles(
            user, RoleKind.SECRETARIAT, RoleKind.ADMIN, RoleKind.DECISION_MAKER
        )
        q |= Q(arena__owner_id__in=owner_ids)
        q |= Q(arena_id__in=member_arena_ids(user))
        q |= Q(addressee_user=user)
    return Advice.objects.filter(q)


def visible_reports(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    admin_of = admin_organisation_ids(user)
    member_of = organisation_ids_with_roles(user, RoleKind.ADMIN, RoleKind.MEMBER)
    q = (
        Q(person__user=user)
        | Q(organisation_id__in=admin_of)
        | Q(organisation_id__in=member_of, is_confidential=False)
    )
    return Report.objects.filter(q)


def visible_reports_of(user: Any, organisation_id: int) -> QuerySet[Report]:
    """``visible_reports(user)`` of one organisation, written without the OR across the
    writer's person where the reader's role decides it (the same rows): the organisation's
    feed then walks its (organisation, status, submitted_at) index a page at a time
    instead of joining every person (issue 13)."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    reports = Report.objects.filter(organisation_id=organisation_id)
    if organisation_id in admin_organisation_ids(user):
        return reports
    if organisation_id in organisation_ids_with_roles(user, RoleKind.ADMIN, RoleKind.MEMBER):
        return reports.filter(Q(is_confidential=False) | Q(person__user=user))
    return reports.filter(person__user=user)


def visible_inputs(user: Any) -> QuerySet[OrganisationInput]:
    if not getattr(user, "is_authenticated", False):
        return OrganisationInput.objects.none()
    admin_of = admin_organisation_ids(user)
    return OrganisationInput.objects.filter(Q(person__user=user) | Q(organisation_id__in=admin_of))


def reader_key(user: Any) -> tuple[Any, ...]:
    """What decides which advice, proposals and reports ``user`` may see, as a cache key
    part: who they are, their roles and their current seats (read once per request)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    roles = sorted((pk, tuple(sorted(kinds))) for pk, kinds in roles_by_organisation(user).items())
    return (user.pk, tuple(roles), tuple(sorted(member_arena_ids(user))))
