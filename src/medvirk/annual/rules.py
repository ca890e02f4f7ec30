"""Who may do what with annual reports. Call with ``rules.has_perm(perm, user, obj)``.

- The report belongs to its owner (the service that owns the arena, or the service
  itself): the owner's secretariat and admins create, write, send for comments, approve,
  publish and unpublish it (object: the report; for ``annual.add_report`` the service).
  Platform admins do not: the annual report is the service's and its council's own work.
- The arena's current members (deputies included; for a service report the members of
  any of the service's arenas) read the report once it is sent for comments, and comment
  while it is on comment.
- Everyone (the public, platform admins included) reads a published report, unless it
  belongs to a private arena (``Arena.is_public`` False): that one is never public.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import is_org_secretariat_or_admin
from medvirk.annual.enums import MEMBER_STATUSES, ReportStatus
from medvirk.arenas.rules import member_arena_ids


def _member_of_report(user: Any, report: Any) -> bool:
    arena_ids = member_arena_ids(user)
    if not arena_ids:
        return False
    if report.arena_id is not None:
        return report.arena_id in arena_ids
    from medvirk.arenas.models import Arena

    return Arena.objects.filter(owner_id=report.service_id, pk__in=arena_ids).exists()


@rules.predicate
def is_report_member(user: Any, report: Any = None) -> bool:
    return bool(
        report is not None
        and getattr(user, "is_authenticated", False)
        and _member_of_report(user, report)
    )


@rules.predicate
def member_may_read(user: Any, report: Any = None) -> bool:
    return bool(report is not None and report.status in MEMBER_STATUSES)


@rules.predicate
def is_on_comment(user: Any, report: Any = None) -> bool:
    return bool(report is not None and report.status == ReportStatus.ON_COMMENT)


@rules.predicate
def is_public_report(user: Any, report: Any = None) -> bool:
    """Published, and not of a private arena (the same rule as ``.public()``)."""
    return bool(
        report is not None and report.status == ReportStatus.PUBLISHED and not report.is_private
    )


rules.add_perm("annual.add_report", is_org_secretariat_or_admin)
rules.add_perm("annual.manage_report", is_org_secretariat_or_admin)
rules.add_perm(
    "annual.view_report",
    is_public_report | is_org_secretariat_or_admin | (member_may_read & is_report_member),
)
rules.add_perm("annual.comment_report", is_on_comment & is_report_member)
