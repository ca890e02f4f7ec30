"""Advice on the agenda item page, and the colour of an advice status tag."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist

from medvirk.followup.enums import AdviceStatus
from medvirk.meetings.enums import ItemKind

register = template.Library()

# The tag always carries the status as text too; the colour is never the only signal.
STATUS_COLOURS = {
    AdviceStatus.SENT: "neutral",
    AdviceStatus.RECEIVED: "info",
    AdviceStatus.CONSIDERING: "info",
    AdviceStatus.FOLLOWED: "success",
    AdviceStatus.PARTLY: "warning",
    AdviceStatus.NOT_FOLLOWED: "danger",
    AdviceStatus.IMPLEMENTED: "success",
}


@register.filter
def advice_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "neutral")  # type: ignore[call-overload]


@register.simple_tag
def advice_for(item: Any, user: Any) -> dict[str, Any]:
    """The advice given on a statement item, if the user may see it, and whether the user
    may send the item as advice. At most one query (the item's advice), none for other
    kinds of items."""
    from medvirk.followup.domain.advice import can_create, can_view

    found: dict[str, Any] = {"advice": None, "can_create": False}
    if item is None or item.kind != ItemKind.STATEMENT:
        return found
    try:
        advice = item.advice
    except ObjectDoesNotExist:
        advice = None
    if advice is not None and advice.arena_id == item.arena_id:
        advice.arena = item.arena  # already loaded with the item: no query for the rules
    if advice is None:
        found["can_create"] = (
            item.meeting.is_published and not item.meeting.is_cancelled and can_create(user, item)
        )
    elif can_view(user, advice):
        found["advice"] = advice
    return found
