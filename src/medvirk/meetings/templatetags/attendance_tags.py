"""Section of the meeting page owned by the attendance area (filled in by that area)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def attendance_section(context: dict[str, Any], meeting: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def minutes_section(context: dict[str, Any], meeting: Any) -> str:
    return ""
