"""Who may do what with arenas. Every arena resolves to its owner (a service provider)."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from medvirk.accounts.rules import (
    has_any_role_in,
    is_org_secretariat_or_admin,
    is_person_of,
    is_platform_admin,
    organisation_ids_with_roles,
    organisation_kinds,
    organisation_of,
    secretariat_or_admin_organisation_ids,
)


def managed_service_ids(user: Any) -> set[int]:
    """Service providers where the user is secretariat or admin (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_medvirk_managed_services", None)
    if cached is None:
        from medvirk.directory.enums import OrganisationKind

        kinds = organisation_kinds(user)
        cached = {
            pk
            for pk in secretariat_or_admin_organisation_ids(user)
            if kinds.get(pk) == OrganisationKind.SERVICE
        }
        user._medvirk_managed_services = cached
    return cached


def member_arena_ids(user: Any) -> set[int]:
    """Arenas where the user (through their person profile) holds a current seat."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_medvirk_member_arenas", None)
    if cached is None:
        from medvirk.arenas.models import Membership

        cached = set(
            Membership.objects.current()
            .filter(person__user=user)
            .order_by()  # a set: the model's ordering would join arena and owner for nothing
            .values_list("arena_id", flat=True)
        )
        user._medvirk_member_arenas = cached
    return cached


def know_member_arena_ids(user: Any, arena_ids: set[int]) -> None:
    """Tell :func:`member_arena_ids` the user's current seats' arenas when a page has
    read those seats itself (the start page reads them with their arenas), so that the
    permission checks that follow need no query of their own."""
    if getattr(user, "is_authenticated", False):
        user._medvirk_member_arenas = set(arena_ids)


def visible_arenas_q(user: Any, prefix: str = "") -> Q:
    """``arenas.view_arena`` as a queryset filter (``prefix`` leads to the arena): public
    arenas, arenas the user sits in now, arenas owned where the user has any role, and
    every arena for a platform admin. Arena lists, person pages and meetings use it."""
    q = Q(**{f"{prefix}is_public": True})
    if getattr(user, "is_authenticated", False):
        if getattr(user, "is_platform_admin", False):
            return Q()
        q |= Q(**{f"{prefix}pk__in": member_arena_ids(user)})
        q |= Q(**{f"{prefix}owner_id__in": organisation_ids_with_roles(user)})
    return q


@rules.predicate
def can_add_for(user: Any, obj: Any = None) -> bool:
    """Without an object: manages some service. With an owner: manages that service."""
    if obj is None:
        return bool(managed_service_ids(user))
    organisation = organisation_of(obj)
    return organisation is not None and organisation.pk in managed_service_ids(user)


@rules.predicate
def is_public_arena(user: Any, obj: Any = None) -> bool:
    return bool(obj is not None and getattr(obj, "is_public", False))


@rules.predicate
def is_current_member(user: Any, obj: Any = None) -> bool:
    return obj is not None and obj.pk in member_arena_ids(user)


is_the_person = is_person_of("person")


rules.add_perm("arenas.add_arena", is_platform_admin | can_add_for)
rules.add_perm("arenas.change_arena", is_platform_admin | is_org_secretariat_or_admin)
rules.add_perm("arenas.manage_members", is_platform_admin | is_org_secretariat_or_admin)
rules.add_perm(
    "arenas.view_arena",
    is_platform_admin | is_public_arena | is_current_member | has_any_role_in,
)
rules.add_perm("arenas.view_arena_history", is_platform_admin | is_org_secretariat_or_admin)
rules.add_perm("arenas.resign", is_platform_admin | is_org_secretariat_or_admin | is_the_person)
