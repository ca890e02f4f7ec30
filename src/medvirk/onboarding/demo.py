"""Demo data: checklists in progress. Every new membership gets its list (as the
periodic job makes it), the items done in Medvirk are recorded, and on every second
list the first manual items are ticked by the member (or, for a member without an
account, by the arena's secretariat)."""

from __future__ import annotations

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.onboarding.domain.checklists import (
    claim_auto_tick,
    ensure_member_checklists,
    record_auto_tick,
    tick,
)
from medvirk.onboarding.models import Checklist
from medvirk.onboarding.selectors import due_auto_ticks, memberships_without_checklist


def load() -> int:
    today = timezone.localdate()
    ensure_member_checklists(list(memberships_without_checklist(today).select_related("arena")))
    now = timezone.now()
    for item in list(due_auto_ticks(now)):
        if claim_auto_tick(due_auto_ticks(now).filter(pk=item.pk), now):
            record_auto_tick(item, now)
    secretariat = {
        role.organisation_id: role.user
        for role in Role.objects.filter(role=RoleKind.SECRETARIAT).select_related("user")
    }
    lists = Checklist.objects.select_related("arena__owner", "membership__person__user").order_by(
        "pk"
    )
    for n, checklist in enumerate(lists):
        by = checklist.membership.person.user if checklist.membership else None
        by = by or secretariat.get(checklist.arena.owner_id)
        if by is None or n % 2:
            continue
        manual = [item for item in checklist.items.order_by("position") if not item.auto]
        for item in manual[: 2 + n % 3]:
            item.checklist = checklist
            tick(item, by=by, done=True)
    return lists.count()
