"""Onboarding checklists at national scale (C10): the hub service's member template
taken over (the defaults plus one item of its own) for its arenas' kind, a checklist for
every new membership in the hub's arenas (and the representative persona's new seats),
about half of each list ticked. Written through the ORM after the bulk phase (like
gen_involvement), so the same code paths' rows exist."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction

from medvirk.arenas.models import Arena
from medvirk.onboarding.domain.templates import take_over
from medvirk.onboarding.enums import Audience
from medvirk.onboarding.models import Checklist, ChecklistItem, TemplateItem
from medvirk.onboarding.selectors import memberships_without_checklist, template_items
from medvirk.scale.gen_plan import Ctx


def generate_onboarding(ctx: Ctx, *, using: str = "default") -> dict[str, Any]:
    hub = ctx.hub
    if hub is None or using != "default":  # the domain writes through the default connection
        return {}
    person_id = int(str(ctx.personas.get("representative", {}).get("person_id") or 0))
    memberships = list(
        memberships_without_checklist(ctx.today)
        .filter(arena__owner_id=hub.id)
        .select_related("arena__owner")
        .order_by("pk")
    ) + list(
        memberships_without_checklist(ctx.today)
        .filter(person_id=person_id)
        .exclude(arena__owner_id=hub.id)
        .select_related("arena__owner")
        .order_by("pk")
    )
    with transaction.atomic():
        busiest = Counter(m.arena_id for m in memberships if m.arena.owner_id == hub.id)
        arena = (
            Arena.objects.select_related("owner").get(pk=busiest.most_common(1)[0][0])
            if busiest
            else Arena.objects.select_related("owner").filter(owner_id=hub.id).first()
        )
        template_item = None
        if arena is not None:
            template = take_over(arena.owner, arena.kind, Audience.MEMBER)
            template_item = TemplateItem.objects.create(
                template=template,
                title="Hils på de andre medlemmene før første møte",
                position=template.items.count(),
            )
        lists = Checklist.objects.bulk_create(
            [
                Checklist(
                    arena_id=m.arena_id,
                    audience=Audience.MEMBER,
                    membership=m,
                    starts_on=m.starts_on,
                )
                for m in memberships
            ],
            batch_size=1000,
        )
        sources: dict[tuple[int, str], list[Any]] = {}
        items = []
        for n, (checklist, membership) in enumerate(zip(lists, memberships, strict=True)):
            key = (membership.arena.owner_id, membership.arena.kind)
            if key not in sources:
                sources[key] = list(
                    template_items(membership.arena.owner, membership.arena.kind, Audience.MEMBER)
                )
            for position, source in enumerate(sources[key]):
                manual = not source.auto
                items.append(
                    ChecklistItem(
                        checklist=checklist,
                        key=source.key,
                        title=source.title if isinstance(source, TemplateItem) else "",
                        description=source.description if isinstance(source, TemplateItem) else "",
                        auto=source.auto,
                        position=position,
                        done_at=ctx.now if manual and position < 2 + n % 4 else None,
                    )
                )
        ChecklistItem.objects.bulk_create(items, batch_size=5000)
    in_arena = [c for c in lists if arena is not None and c.arena_id == arena.pk]
    own = [c for c, m in zip(lists, memberships, strict=True) if m.person_id == person_id]
    return {
        "service_id": hub.id,
        "arena_id": arena.pk if arena is not None else None,
        "arena_kind": arena.kind if arena is not None else None,
        "checklist": (in_arena or lists)[0].pk if lists else None,
        "own_checklist": own[0].pk if own else None,
        "template_item": template_item.pk if template_item is not None else None,
        "lists": len(lists),
    }
