"""Formatting for the public accountability pages: shares as whole percentages and
day counts with a Norwegian decimal comma; "–" where there is nothing to show."""

from __future__ import annotations

import math

from django import template
from django.utils import formats

from medvirk.followup.enums import AdviceStatus

register = template.Library()

NOTHING = "–"

# Tag colours per status. The tag always carries the status in words as well.
STATUS_COLOURS: dict[str, str] = {
    AdviceStatus.SENT: "neutral",
    AdviceStatus.RECEIVED: "info",
    AdviceStatus.CONSIDERING: "info",
    AdviceStatus.FOLLOWED: "success",
    AdviceStatus.PARTLY: "warning",
    AdviceStatus.NOT_FOLLOWED: "danger",
    AdviceStatus.IMPLEMENTED: "success",
}


@register.filter
def percent(share: float | None) -> str:
    """0.666… → "67 %" (whole percent, rounded half up); None → "–"."""
    if share is None:
        return NOTHING
    return f"{math.floor(share * 100 + 0.5)}\u00a0%"


@register.filter
def days(value: float | int | None) -> str:
    """12 → "12", 2.5 → "2,5" (localised); None → "–"."""
    if value is None:
        return NOTHING
    decimals = 0 if float(value).is_integer() else 1
    return str(formats.number_format(value, decimal_pos=decimals))


@register.filter
def status_label(value: str) -> str:
    try:
        return str(AdviceStatus(value).label)
    except ValueError:
        return value


@register.filter
def status_colour(value: str) -> str:
    return STATUS_COLOURS.get(value, "neutral")
