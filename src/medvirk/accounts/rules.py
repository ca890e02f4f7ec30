"""Permission predicates and the role helpers every app uses. Every object resolves
to the organisation it belongs to, and a user's power there comes from their roles in
it (or from being a platform admin).

One call style: ``rules.has_perm(perm, user, obj)``. Never ``user.has_perm`` (Django
lets every active superuser through before asking the rules), never ``perms.`` in
templates. Each permission decides the platform-admin case in its own predicates:
``is_platform_admin | ...`` where platform admins may act, and deliberately absent
where they may not (closed agenda items, health data). ``tests/accounts/
test_permission_style.py`` refuses any other call style; docs/permissions.md is the
generated table of who may do what.

Roles are read once per user object and cached on it, so checking permission
for every row of a list costs no extra queries.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.enums import RoleKind


def organisation_of(obj: Any) -> Any:
    """The organisation (tenant) an object belongs to, or None. Every model that belongs
    to a tenant answers ``get_organisation()`` or has an ``organisation`` field; an
    Organisation answers itself (so accounts needs no import of directory, above it)."""
    if obj is None:
        return None
    getter = getattr(obj, "get_organisation", None)
    if callable(getter):
        return getter()
    return getattr(obj, "organisation", None)


def roles_by_organisation(user: Any) -> dict[int, set[str]]:
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_medvirk_roles", None)
    if cached is None:
        cached = {}
        kinds: dict[int, str] = {}
        # The organisations' kinds come along (one join), for organisation_kinds().
        rows = user.roles.values_list("organisation_id", "role", "organisation__kind")
        for organisation_id, role, kind in rows:
            cached.setdefault(organisation_id, set()).add(role)
            kinds[organisation_id] = kind
        user._medvirk_roles = cached
        user._medvirk_organisation_kinds = kinds
    return cached


def organisation_kinds(user: Any) -> dict[int, str]:
    """The kind of every organisation the user has a role in (read with the roles)."""
    roles_by_organisation(user)
    return getattr(user, "_medvirk_organisation_kinds", {})


def organisation_ids_with_roles(user: Any, *kinds: str) -> set[int]:
    """The organisations in which the user holds any of ``kinds`` (any role if none given)."""
    by_organisation = roles_by_organisation(user)
    if not kinds:
        return set(by_organisation)
    wanted = set(kinds)
    return {pk for pk, roles in by_organisation.items() if roles & wanted}


def has_role_in(*kinds: str) -> rules.Predicate:
    wanted = set(kinds)

    @rules.predicate(name=f"has_role_in({','.join(sorted(wanted))})")
    def predicate(user: Any, obj: Any = None) -> bool:
        organisation = organisation_of(obj)
        if organisation is None:
            return False
        return bool(roles_by_organisation(user).get(organisation.pk, set()) & wanted)

    return predicate


def has_role_anywhere(*kinds: str) -> rules.Predicate:
    wanted = set(kinds)

    @rules.predicate(name=f"has_role_anywhere({','.join(sorted(wanted))})")
    def predicate(user: Any) -> bool:
        return any(roles & wanted for roles in roles_by_organisation(user).values())

    return predicate


def is_person_of(attr: str = "person") -> rules.Predicate:
    """The object's ``attr`` is a Person whose account is the user's own."""

    @rules.predicate(name=f"is_person_of({attr})")
    def predicate(user: Any, obj: Any = None) -> bool:
        person = getattr(obj, attr, None) if obj is not None else None
        return bool(
            person is not None
            and getattr(user, "is_authenticated", False)
            and person.user_id is not None
            and person.user_id == user.pk
        )

    return predicate


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_platform_admin)


# One predicate per role, each about the organisation the object resolves to.
is_org_admin = has_role_in(RoleKind.ADMIN)
is_org_admin_or_member = has_role_in(RoleKind.ADMIN, RoleKind.MEMBER)
is_org_secretariat = has_role_in(RoleKind.SECRETARIAT)
is_org_secretariat_or_admin = has_role_in(RoleKind.SECRETARIAT, RoleKind.ADMIN)
is_org_decision_maker = has_role_in(RoleKind.DECISION_MAKER)
has_any_role_in = has_role_in(*RoleKind.values)
is_secretariat_somewhere = has_role_anywhere(RoleKind.SECRETARIAT)


def admin_organisation_ids(user: Any) -> set[int]:
    """Organisations where the user is admin."""
    return organisation_ids_with_roles(user, RoleKind.ADMIN)


def secretariat_or_admin_organisation_ids(user: Any) -> set[int]:
    """Organisations where the user is secretariat or admin (the owners they run)."""
    return organisation_ids_with_roles(user, RoleKind.SECRETARIAT, RoleKind.ADMIN)
