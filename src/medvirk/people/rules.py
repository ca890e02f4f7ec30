"""Who may see and change representatives' profiles and their accommodation needs.

A person is not tied to one tenant: they may be in several organisations' pools
and sit in several services' arenas. The predicates here resolve a person to
the organisations that have a legitimate reason to see them.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import (
    admin_organisation_ids,
    is_org_admin,
    is_platform_admin,
    organisation_ids_with_roles,
)
from medvirk.directory.enums import OrganisationKind


def current_arena_owner_ids(person: Any) -> set[int]:
    """The services owning an arena where the person currently sits (cached per object)."""
    cached = getattr(person, "_medvirk_current_owner_ids", None)
    if cached is None:
        # Through the reverse relation Membership (arenas, the layer above) gives Person.
        cached = set(person.memberships.current().values_list("arena__owner_id", flat=True))
        person._medvirk_current_owner_ids = cached
    return cached


@rules.predicate
def is_self(user: Any, person: Any) -> bool:
    return bool(
        person is not None
        and getattr(user, "is_authenticated", False)
        and person.user_id is not None
        and person.user_id == user.pk
    )


@rules.predicate
def is_admin_of_persons_organisation(user: Any, person: Any) -> bool:
    if person is None:
        return False
    admin_orgs = admin_organisation_ids(user)
    if not admin_orgs:
        return False
    if person.created_by_id in admin_orgs:
        return True
    return bool(person.affiliations.filter(organisation_id__in=admin_orgs).exists())


@rules.predicate
def is_registering_admin_before_claim(user: Any, person: Any) -> bool:
    return bool(
        person is not None
        and person.user_id is None
        and person.created_by_id is not None
        and person.created_by_id in admin_organisation_ids(user)
    )


@rules.predicate
def is_secretariat_where_person_sits(user: Any, person: Any) -> bool:
    if person is None:
        return False
    secretariat_orgs = organisation_ids_with_roles(user, RoleKind.SECRETARIAT)
    if not secretariat_orgs:
        return False
    return bool(secretariat_orgs & current_arena_owner_ids(person))


@rules.predicate
def is_admin_of_pool_organisation(user: Any, organisation: Any) -> bool:
    return bool(
        organisation is not None
        and organisation.kind in (OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA)
        and is_org_admin(user, organisation)
    )


rules.add_perm(
    "people.view_person",
    is_self
    | is_admin_of_persons_organisation
    | is_secretariat_where_person_sits
    | is_platform_admin,
)
rules.add_perm(
    "people.change_person", is_self | is_registering_admin_before_claim | is_platform_admin
)
rules.add_perm("people.add_person", is_admin_of_pool_organisation | is_platform_admin)
rules.add_perm("people.view_pool", is_admin_of_pool_organisation | is_platform_admin)
rules.add_perm("people.manage_affiliation", is_admin_of_pool_organisation | is_platform_admin)
# Health data: the person and the secretariat of arenas the person sits in now.
# Deliberately not the platform admin.
rules.add_perm("people.view_accommodation", is_self | is_secretariat_where_person_sits)
rules.add_perm("people.manage_accommodation", is_self)
rules.add_perm("people.process_deletion", is_platform_admin)
