"""Who may read, tick and shape onboarding checklists.

- A checklist is the person's own (a member's list: the membership's person's account;
  a secretariat list: its user) and the arena's secretariat's (secretariat or admin of
  the service that owns the arena). Only they read it and tick its items; nobody else
  can tick, the platform admin included (the list records what the person and the
  secretariat did together).
- The secretariat's overview of an arena (who has how many items open): the owner's
  secretariat and admins.
- Templates: the secretariat and admins of a service edit its templates. Platform
  admins hold none of these permissions: the lists are the service's own work.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import is_org_secretariat_or_admin
from medvirk.directory.enums import OrganisationKind


@rules.predicate
def is_own_checklist(user: Any, checklist: Any = None) -> bool:
    if checklist is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(checklist.owner_user_id is not None and checklist.owner_user_id == user.pk)


@rules.predicate
def is_service(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return False
    getter = getattr(obj, "get_organisation", None)
    service = getter() if callable(getter) else obj
    return bool(service is not None and service.kind == OrganisationKind.SERVICE)


runs_the_arena = is_org_secretariat_or_admin

rules.add_perm("onboarding.view_checklist", is_own_checklist | runs_the_arena)
rules.add_perm("onboarding.tick_item", is_own_checklist | runs_the_arena)
rules.add_perm("onboarding.view_overview", runs_the_arena)
rules.add_perm("onboarding.edit_templates", is_service & is_org_secretariat_or_admin)
