"""Who may decide (oppnevne) on a request: the owning service's secretariat or admins,
or a platform admin."""

from __future__ import annotations

import rules

from medvirk.accounts.rules import is_org_secretariat_or_admin, is_platform_admin

# organisation_of(AppointmentRequest) is the arena's owner (get_organisation).
rules.add_perm("appointments.decide", is_platform_admin | is_org_secretariat_or_admin)
