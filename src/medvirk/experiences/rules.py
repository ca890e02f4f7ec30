"""Who may do what with experience calls, answers and themes.

Call these with ``rules.has_perm(perm, user, obj)``. Answers may hold health information,
so platform admins hold none of the moderators' permissions: the original text of an
answer is read only by the call's moderators (the admins of the organisation that runs
it; for a service's own experience forum also its secretariat).

- Running a call (create, change, moderate, theme): the organisation's admins; for a
  service also its secretariat.
- Answering: ``everyone`` and ``link`` calls anyone, without an account; ``members``
  calls only users with a role in the organisation. Open dates are the domain's check.
- Recording an individual case (anonymised) into a call: the organisation's moderators
  and its representatives (a current seat representing the organisation).
- A theme outside its moderators: only shared, only as summary and counts, only when it
  holds at least ``min_size`` answers; seen by admins of the umbrellas the organisation
  belongs to, and by the secretariat (and admins) of the services owning the arenas it
  was offered to.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import (
    has_any_role_in,
    organisation_ids_with_roles,
)
from medvirk.directory.enums import OrganisationKind


def _organisation(obj: Any) -> Any:
    if obj is None:
        return None
    getter = getattr(obj, "get_organisation", None)
    return getter() if callable(getter) else obj


@rules.predicate
def is_call_runner(user: Any, obj: Any = None) -> bool:
    """Admin of the organisation the object belongs to, or its secretariat when that
    organisation is a service."""
    org = _organisation(obj)
    if org is None or not getattr(user, "is_authenticated", False):
        return False
    if org.pk in organisation_ids_with_roles(user, RoleKind.ADMIN):
        return True
    return bool(
        org.kind == OrganisationKind.SERVICE
        and org.pk in organisation_ids_with_roles(user, RoleKind.SECRETARIAT)
    )


@rules.predicate
def call_is_open_to_anyone(user: Any, call: Any = None) -> bool:
    from medvirk.experiences.enums import Audience

    return bool(call is not None and call.audience in (Audience.EVERYONE, Audience.LINK))


@rules.predicate
def represents_call_organisation(user: Any, call: Any = None) -> bool:
    """A current seat (in any arena) representing the organisation that runs the call."""
    if call is None or not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_medvirk_represented_orgs", None)
    if cached is None:
        from medvirk.arenas.models import Membership

        cached = set(
            Membership.objects.current()
            .filter(person__user=user, represents__isnull=False)
            .order_by()
            .values_list("represents_id", flat=True)
        )
        user._medvirk_represented_orgs = cached
    return call.organisation_id in cached


@rules.predicate
def theme_is_large_enough(user: Any, theme: Any = None) -> bool:
    return bool(theme is not None and theme.is_large_enough)


@rules.predicate
def theme_is_shared(user: Any, theme: Any = None) -> bool:
    return bool(theme is not None and theme.is_shared)


@rules.predicate
def admin_of_umbrella_above(user: Any, theme: Any = None) -> bool:
    """Admin of an umbrella the theme's organisation is a member of."""
    if theme is None or not getattr(user, "is_authenticated", False):
        return False
    admin_of = organisation_ids_with_roles(user, RoleKind.ADMIN)
    if not admin_of:
        return False
    umbrella_ids = set(theme.organisation.umbrellas.values_list("pk", flat=True))
    return bool(umbrella_ids & admin_of)


@rules.predicate
def manages_an_offered_arena(user: Any, theme: Any = None) -> bool:
    """Secretariat or admin of a service owning an arena the theme was offered to."""
    if theme is None or not getattr(user, "is_authenticated", False):
        return False
    managing = organisation_ids_with_roles(user, RoleKind.SECRETARIAT, RoleKind.ADMIN)
    if not managing:
        return False
    owners = set(theme.offered_to.values_list("owner_id", flat=True))
    return bool(owners & managing)


# Calls (object: the organisation for add_call, else the call).
rules.add_perm("experiences.add_call", is_call_runner)
rules.add_perm("experiences.change_call", is_call_runner)
rules.add_perm("experiences.moderate_call", is_call_runner)
rules.add_perm("experiences.answer_call", call_is_open_to_anyone | has_any_role_in | is_call_runner)
rules.add_perm("experiences.record_case", is_call_runner | represents_call_organisation)

# Themes (object: the call or the organisation for add_theme, else the theme).
rules.add_perm("experiences.add_theme", is_call_runner)
rules.add_perm("experiences.change_theme", is_call_runner)
rules.add_perm("experiences.make_case", is_call_runner & theme_is_large_enough)
rules.add_perm(
    "experiences.view_theme_summary",
    is_call_runner
    | (
        theme_is_shared
        & theme_is_large_enough
        & (admin_of_umbrella_above | manages_an_offered_arena)
    ),
)
