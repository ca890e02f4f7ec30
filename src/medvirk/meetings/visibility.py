"""Which meetings, items, proposals and minutes a user may see, as querysets.

The one place that decides what reaches public pages, feeds, search, the API,
PDFs and mails. Closed items never leave the arena: who may see them is decided
once, by ``meetings.rules.may_see_closed`` (the permission ``meetings.view_closed``);
``can_see_closed`` asks it and ``closed_allowed_q`` is the same rule as a queryset
filter. A draft agenda (not yet published) is shown only to the secretariat/admins
(``meetings.manage``).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from medvirk.accounts.rules import (
    admin_organisation_ids,
    secretariat_or_admin_organisation_ids,
)
from medvirk.arenas.models import Arena
from medvirk.arenas.rules import member_arena_ids, visible_arenas_q
from medvirk.meetings.models import (
    AgendaItem,
    CaseProposal,
    CaseProposalQuerySet,
    Meeting,
    MinutesVersion,
)


def closed_allowed_q(user: Any, prefix: str = "") -> Q:
    """Arenas whose closed items the user may see: ``meetings.view_closed`` as a filter."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{prefix}owner_id__in": secretariat_or_admin_organisation_ids(user)}) | Q(
        **{f"{prefix}pk__in": member_arena_ids(user)}
    )


def can_see_closed(user: Any, arena: Arena) -> bool:
    return rules.has_perm("meetings.view_closed", user, arena)


def can_see_draft_agenda(user: Any, arena: Arena) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and arena.owner_id in secretariat_or_admin_organisation_ids(user)
    )


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(visible_arenas_q(user, "arena__"))


def visible_items(user: Any) -> QuerySet[AgendaItem]:
    """Agenda items the user may read: published and public in a visible arena,
    published and closed where the user may see closed items, and everything
    (drafts included) in arenas the user runs."""
    published = Q(meeting__agenda_published_at__isnull=False)
    q = published & Q(is_closed=False) & visible_arenas_q(user, "arena__")
    if getattr(user, "is_authenticated", False):
        q |= published & closed_allowed_q(user, "arena__")
        q |= Q(arena__owner_id__in=secretariat_or_admin_organisation_ids(user))
    return AgendaItem.objects.filter(q)


def public_items_only(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """For anything that leaves the arena (public pages, feeds, API, public PDFs, mails
    to people outside the arena)."""
    return items.filter(is_closed=False, arena__is_public=True)


def visible_proposals(user: Any) -> CaseProposalQuerySet:
    """Proposals are never public: the arena's managers and members, the proposer and
    admins of the proposing organisation see them."""
    if not getattr(user, "is_authenticated", False):
        return CaseProposal.objects.none()
    admin_orgs = admin_organisation_ids(user)
    q = (
        Q(arena__owner_id__in=secretariat_or_admin_organisation_ids(user))
        | Q(arena_id__in=member_arena_ids(user))
        | Q(submitted_by=user)
        | Q(organisation_id__in=admin_orgs)
    )
    return CaseProposal.objects.filter(q)


def visible_minutes_versions(user: Any) -> QuerySet[MinutesVersion]:
    """Approved minutes versions in arenas the user may see. Entries for closed items
    inside ``content`` must still be filtered with ``can_see_closed``."""
    return MinutesVersion.objects.filter(visible_arenas_q(user, "minutes__meeting__arena__"))
