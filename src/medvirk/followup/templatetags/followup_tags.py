"""The follow-up section of the meeting page (filled in by the reports area)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def followup_section(context: dict[str, Any], meeting: Any) -> str:
    return ""
