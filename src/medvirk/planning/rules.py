"""Who may plan a service's involvement and keep its routine.

The object is the service (an ``Organisation`` of kind service) or one version of its
routine (which resolves to the service).

- Planning (the arena chooser) and keeping the routine belong to the service's
  secretariat and admins. Platform admins hold neither: the routine is the service's
  own commitment, written by the service (like its advice, followup/rules.py). Creating
  the draft arena at the end of the chooser is checked again by ``arenas.add_arena``.
- Reading: a published (or superseded) version is public; a draft is read only by those
  who keep the routine.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import is_org_secretariat_or_admin
from medvirk.directory.enums import OrganisationKind
from medvirk.planning.enums import PUBLIC_STATUSES


def _service(obj: Any) -> Any:
    if obj is None:
        return None
    getter = getattr(obj, "get_organisation", None)
    return getter() if callable(getter) else obj


@rules.predicate
def is_service(user: Any, obj: Any = None) -> bool:
    service = _service(obj)
    return bool(service is not None and service.kind == OrganisationKind.SERVICE)


@rules.predicate
def is_public_version(user: Any, version: Any = None) -> bool:
    return bool(version is not None and getattr(version, "status", None) in PUBLIC_STATUSES)


keeps_the_routine = is_service & is_org_secretariat_or_admin

rules.add_perm("planning.plan_involvement", keeps_the_routine)
rules.add_perm("planning.change_routine", keeps_the_routine)
rules.add_perm("planning.publish_routine", keeps_the_routine)
rules.add_perm("planning.view_routine_version", is_public_version | keeps_the_routine)
