"""Making checklists, ticking their items, recording auto-ticks and reminding.

A member's checklist is made for each new membership (selectors.NEW_FOR) in two ways,
both through :func:`claim_membership` + :func:`fill_checklist`: the periodic job
``onboarding.create_checklists`` (arenas sits below this app and cannot call it when a
seat is made), and on demand when the person or the secretariat opens their page. The
unique membership on Checklist makes the two agree: whoever inserts first wins, the
other inserts nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.models import Arena, Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.onboarding import notifications
from medvirk.onboarding.defaults import DefaultItem
from medvirk.onboarding.enums import Audience
from medvirk.onboarding.models import Checklist, ChecklistItem, TemplateItem
from medvirk.onboarding.selectors import (
    checklist_for_page,
    satisfied_auto_items,
    shown,
    template_items,
)

CHECKLIST_CREATED = register_action(
    "onboarding.checklist_created", gettext_lazy("Laget sjekkliste for oppstart")
)
ITEM_TICKED = register_action("onboarding.item_ticked", gettext_lazy("Krysset av et punkt"))
ITEM_UNTICKED = register_action(
    "onboarding.item_unticked", gettext_lazy("Fjernet krysset for et punkt")
)
ITEM_AUTO_TICKED = register_action(
    "onboarding.item_auto_ticked", gettext_lazy("Punktet ble krysset av automatisk")
)
REMINDED = register_action("onboarding.reminded", gettext_lazy("Sendte påminnelse om åpne punkter"))


def _copy_items(checklist: Checklist) -> None:
    source = template_items(checklist.arena.owner, checklist.arena.kind, checklist.audience)
    rows = []
    for position, item in enumerate(source):
        if isinstance(item, DefaultItem):
            rows.append(
                ChecklistItem(checklist=checklist, key=item.key, auto=item.auto, position=position)
            )
        else:
            assert isinstance(item, TemplateItem)
            rows.append(
                ChecklistItem(
                    checklist=checklist,
                    key=item.key,
                    title=item.title,
                    description=item.description,
                    auto=item.auto,
                    position=position,
                )
            )
    ChecklistItem.objects.bulk_create(rows)


def claim_membership(memberships: QuerySet[Membership], now: datetime.datetime) -> int:
    """The create job's claim: ONE conditional INSERT of the membership's checklist (the
    unique membership refuses a second); 1 when this call made it."""
    membership = memberships.select_related("arena").first()
    if membership is None:
        return 0
    try:
        with transaction.atomic():
            Checklist.objects.create(
                arena=membership.arena,
                audience=Audience.MEMBER,
                membership=membership,
                starts_on=membership.starts_on,
            )
    except IntegrityError:
        return 0
    return 1


def fill_checklist(membership: Membership, now: datetime.datetime | None = None) -> Checklist:
    """The create job's handler: copy the template's items into the new checklist."""
    checklist = Checklist.objects.select_related("arena__owner").get(membership=membership)
    _copy_items(checklist)
    log_activity(
        action=CHECKLIST_CREATED,
        actor=None,
        obj=checklist,
        organisation=checklist.arena.owner,
        data={"membership": membership.pk},
    )
    return checklist


def ensure_member_checklists(memberships: list[Membership]) -> int:
    """On demand (a page opened): make the missing lists of these new memberships. The
    number made."""
    made = 0
    now = timezone.now()
    for membership in memberships:
        with transaction.atomic():
            if claim_membership(Membership.objects.filter(pk=membership.pk), now):
                fill_checklist(membership, now)
                made += 1
    return made


def secretariat_checklist_for(arena: Arena, *, by: Any) -> Checklist:
    """The secretariat user's own list for the arena, made the first time they open it."""
    if not rules.has_perm("onboarding.view_overview", by, arena):
        raise PermissionDenied
    with transaction.atomic():
        existing = Checklist.objects.filter(
            arena=arena, audience=Audience.SECRETARIAT, user=by
        ).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                checklist = Checklist.objects.create(
                    arena=arena,
                    audience=Audience.SECRETARIAT,
                    user=by,
                    starts_on=timezone.localdate(),
                )
        except IntegrityError:
            return Checklist.objects.get(arena=arena, audience=Audience.SECRETARIAT, user=by)
        _copy_items(checklist)
        log_activity(action=CHECKLIST_CREATED, actor=by, obj=checklist, organisation=arena.owner)
    return checklist


def tick(item: ChecklistItem, *, by: Any, done: bool) -> ChecklistItem:
    """Tick (or untick) an item by hand. Only the list's person and the arena's
    secretariat may; an auto item follows its action and is not ticked by hand."""
    checklist = item.checklist
    if not rules.has_perm("onboarding.tick_item", by, checklist):
        raise PermissionDenied(_("Bare personen selv og sekretariatet kan krysse av punktene."))
    if item.auto:
        raise ValidationError(
            {"item": _("Dette punktet krysses av automatisk når det er gjort i Medvirk.")}
        )
    with transaction.atomic():
        if done and item.done_at is None:
            item.done_at = timezone.now()
            item.done_by = by
        elif not done and item.done_at is not None:
            item.done_at = None
            item.done_by = None
        else:
            return item
        item.save(update_fields=["done_at", "done_by"])
        log_activity(
            action=ITEM_TICKED if done else ITEM_UNTICKED,
            actor=by,
            obj=checklist,
            organisation=checklist.arena.owner,
            data={"item": item.pk, "title": item.shown_title},
        )
    return item


def claim_auto_tick(items: QuerySet[ChecklistItem], now: datetime.datetime) -> int:
    """The record job's claim: ONE UPDATE that ticks the open item as done by its action."""
    return items.update(done_at=now, done_automatically=True)


def record_auto_tick(item: ChecklistItem, now: datetime.datetime) -> None:
    """The record job's handler: log the tick the claim made."""
    checklist = Checklist.objects.select_related("arena__owner").get(pk=item.checklist_id)
    log_activity(
        action=ITEM_AUTO_TICKED,
        actor=None,
        obj=checklist,
        organisation=checklist.arena.owner,
        data={"item": item.pk, "auto": item.auto},
    )


def remind(checklist: Checklist, now: datetime.datetime) -> bool:
    """The reminder job's handler (the claim stamped ``reminded_at``: once per list):
    mail the member the items still open after their first meeting. False when nothing
    is open any more or the person has no e-mail address."""
    page = checklist_for_page(checklist.pk)
    assert page is not None
    (state,) = shown([page])
    open_items = [s.item for s in state.items if not s.done]
    if not open_items or page.membership is None:
        return False
    sent = notifications.send_open_items_reminder(page, open_items)
    log_activity(
        action=REMINDED,
        actor=None,
        obj=page,
        organisation=page.arena.owner,
        data={"open": len(open_items), "mailed": sent},
    )
    return sent


__all__ = [
    "claim_auto_tick",
    "claim_membership",
    "ensure_member_checklists",
    "fill_checklist",
    "record_auto_tick",
    "remind",
    "satisfied_auto_items",
    "secretariat_checklist_for",
    "tick",
]
