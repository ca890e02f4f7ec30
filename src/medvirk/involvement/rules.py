"""Who may read and keep a service's involvement log.

Call these with ``rules.has_perm(perm, user, obj)``; the object is the service (an
``Organisation`` of kind service) or, for changing one entry, the entry.

- Reading: the log of a public service is public, but anyone outside the service sees
  only public entries (``InvolvementEntry.objects.public()``: never an entry of a private
  arena, never training, never the people's names). The service's secretariat, admins
  and decision-makers see every entry and who took part.
- Keeping: the service's secretariat (and admins) add, change and delete hand-made
  entries and refresh the automatic ones; an automatic entry is read-only (it is
  rewritten from its source by every collection).
- Platform admins hold none of the keeping permissions: the log is the service's own
  work, like its advice (followup/rules.py).
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import is_org_decision_maker, is_org_secretariat_or_admin
from medvirk.directory.enums import OrganisationKind


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
def is_public_service(user: Any, obj: Any = None) -> bool:
    service = _service(obj)
    return bool(
        service is not None and service.kind == OrganisationKind.SERVICE and service.is_public
    )


@rules.predicate
def is_hand_made(user: Any, entry: Any = None) -> bool:
    return bool(entry is not None and getattr(entry, "source", None) is None)


keeps_the_log = is_service & is_org_secretariat_or_admin

rules.add_perm("involvement.view_log", is_public_service | keeps_the_log | is_org_decision_maker)
rules.add_perm("involvement.view_all_entries", keeps_the_log | (is_service & is_org_decision_maker))
rules.add_perm("involvement.add_entry", keeps_the_log)
rules.add_perm("involvement.change_entry", keeps_the_log & is_hand_made)
rules.add_perm("involvement.refresh_log", keeps_the_log)
