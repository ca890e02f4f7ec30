"""Section of the meeting page owned by the agenda area (filled in by that area)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_section(context: dict[str, Any], meeting: Any) -> str:
    return ""
