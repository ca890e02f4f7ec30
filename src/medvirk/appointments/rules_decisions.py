"""Who may decide (oppnevne) on a request: the owning service's secretariat or admins,
or a platform admin."""

from __future__ import annotations

import rules

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import has_role_in, is_platform_admin

# organisation_of(AppointmentRequest) is the arena's owner (get_organisation).
is_owner_secretariat_or_admin = has_role_in(RoleKind.SECRETARIAT, RoleKind.ADMIN)

rules.add_perm("appointments.decide", is_platform_admin | is_owner_secretariat_or_admin)
