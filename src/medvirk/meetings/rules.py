"""Who may do what with meetings. Everything resolves to its arena, and the arena
to its owner (a service provider).

- The owner's secretariat and admins run meetings (plan, agenda, proposals,
  attendance, minutes). Platform admins deliberately do not: closed items may
  hold information under a duty of confidentiality, and running a council's
  meetings is the service's own work.
- Closed items are seen only by the owner's secretariat/admins and the arena's
  current members (deputies included).
- Everyone who may see the arena sees its meetings and their public, published items.
"""

from __future__ import annotations

from typing import Any

import rules

from medvirk.accounts.rules import (
    admin_organisation_ids,
    is_org_admin,
    is_org_secretariat,
    is_org_secretariat_or_admin,
    is_person_of,
    organisation_of,
    secretariat_or_admin_organisation_ids,
)
from medvirk.arenas.rules import member_arena_ids


def arena_of(obj: Any) -> Any:
    """The arena an object of this app (or the arena itself) belongs to."""
    from medvirk.arenas.models import Arena
    from medvirk.meetings import models as m

    if obj is None or isinstance(obj, Arena):
        return obj
    if isinstance(obj, m.Meeting | m.AgendaItem | m.CaseProposal):
        return obj.arena
    if isinstance(obj, m.CaseDocument):
        return obj.item.arena
    if isinstance(obj, m.Attendance | m.Minutes):
        return obj.meeting.arena
    if isinstance(obj, m.MinutesEntry | m.MinutesComment | m.MinutesVersion):
        return obj.minutes.meeting.arena
    # Objects of other apps that hang off an arena (e.g. follow-up advice).
    arena = getattr(obj, "arena", None)
    return arena if isinstance(arena, Arena) else None


def represented_organisation_ids(arena: Any) -> set[int]:
    """Organisations that currently have a representative in the arena."""
    from medvirk.arenas.models import Membership

    return set(
        Membership.objects.current()
        .filter(arena=arena, represents__isnull=False)
        .order_by()  # a set: no need for the model's ordering (joins arena and owner)
        .values_list("represents_id", flat=True)
    )


@rules.predicate
def is_arena_member(user: Any, obj: Any = None) -> bool:
    arena = arena_of(obj)
    return arena is not None and arena.pk in member_arena_ids(user)


@rules.predicate
def may_see_closed(user: Any, obj: Any = None) -> bool:
    """THE rule for closed agenda items: the arena owner's secretariat/admins and the
    arena's current members (deputies included). Not platform admins: closed items may
    hold information under a duty of confidentiality. ``visibility.closed_allowed_q``
    is the same rule as a queryset filter, built from the same two sets."""
    arena = arena_of(obj)
    if arena is None or not getattr(user, "is_authenticated", False):
        return False
    return arena.owner_id in secretariat_or_admin_organisation_ids(
        user
    ) or arena.pk in member_arena_ids(user)


@rules.predicate
def can_view_arena(user: Any, obj: Any = None) -> bool:
    arena = arena_of(obj)
    return arena is not None and rules.has_perm("arenas.view_arena", user, arena)


@rules.predicate
def is_admin_of_represented_org(user: Any, obj: Any = None) -> bool:
    arena = arena_of(obj)
    if arena is None or not getattr(user, "is_authenticated", False):
        return False
    admin_of = admin_organisation_ids(user)
    return bool(admin_of & represented_organisation_ids(arena))


@rules.predicate
def arena_takes_public_proposals(user: Any, obj: Any = None) -> bool:
    arena = arena_of(obj)
    return bool(arena is not None and arena.public_proposals)


@rules.predicate
def is_proposer(user: Any, proposal: Any = None) -> bool:
    return bool(
        proposal is not None
        and getattr(user, "is_authenticated", False)
        and proposal.submitted_by_id == user.pk
    )


@rules.predicate
def is_admin_of_proposing_org(user: Any, proposal: Any = None) -> bool:
    organisation = getattr(proposal, "organisation", None)
    return organisation is not None and is_org_admin(user, organisation)


@rules.predicate
def proposal_is_open(user: Any, proposal: Any = None) -> bool:
    return bool(proposal is not None and proposal.is_open)


is_attendance_person = is_person_of("person")


@rules.predicate
def was_present(user: Any, minutes: Any = None) -> bool:
    """The user attended the meeting the minutes are from (recorded as present)."""
    if minutes is None or not getattr(user, "is_authenticated", False):
        return False
    from medvirk.meetings.models import Attendance

    return Attendance.objects.filter(
        meeting_id=minutes.meeting_id, person__user=user, present=True
    ).exists()


@rules.predicate
def minutes_circulated(user: Any, minutes: Any = None) -> bool:
    from medvirk.meetings.enums import MinutesStatus

    return bool(minutes is not None and minutes.status == MinutesStatus.CIRCULATED)


@rules.predicate
def is_authenticated(user: Any, obj: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Platform admins hold none of the meetings permissions (they see arenas and their
# public items through arenas.view_arena): running a council's meetings is the
# service's own work, closed items may be confidential, and accommodation needs are
# health data.
rules.add_perm("meetings.manage", is_org_secretariat_or_admin)
rules.add_perm("meetings.view_meeting", can_view_arena)
rules.add_perm("meetings.view_closed", may_see_closed)
rules.add_perm(
    "meetings.propose",
    is_org_secretariat_or_admin
    | (is_authenticated & (is_arena_member | is_admin_of_represented_org))
    | arena_takes_public_proposals,
)
rules.add_perm(
    "meetings.view_proposal",
    is_org_secretariat_or_admin | is_arena_member | is_proposer | is_admin_of_proposing_org,
)
rules.add_perm(
    "meetings.withdraw_proposal", proposal_is_open & (is_proposer | is_admin_of_proposing_org)
)
rules.add_perm("meetings.handle_proposal", is_org_secretariat_or_admin)
rules.add_perm("meetings.respond_attendance", is_attendance_person)
# Health data (accommodation needs): the owner's secretariat only, never admins of
# the platform. Which people's needs it shows follows people.view_accommodation.
rules.add_perm("meetings.view_accommodations", is_org_secretariat)
rules.add_perm(
    "meetings.view_draft_minutes", is_org_secretariat_or_admin | (minutes_circulated & was_present)
)
rules.add_perm("meetings.comment_minutes", minutes_circulated & was_present)
rules.add_perm("meetings.use_calendar_feed", is_authenticated)

__all__ = ["arena_of", "organisation_of", "represented_organisation_ids"]
