"""Section of the meeting page owned by the attendance area (filled in by that area)."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def attendance_section(context: dict[str, Any], meeting: Any) -> str:
    """The user's own answer (seat holders, invited deputies) and, for the secretariat,
    the counts with links to the attendance list and the accommodation summary."""
    from django.template.loader import render_to_string

    from medvirk.meetings.sections import attendance_section

    request = context.get("request")
    data = attendance_section(meeting, getattr(request, "user", None))
    if data is None:
        return ""
    return render_to_string("meetings/attendance_section.html", data, request=request)


@register.simple_tag(takes_context=True)
def minutes_section(context: dict[str, Any], meeting: Any) -> str:
    """Approved minutes (link, PDF, version) for everyone who sees the meeting; the state
    and next step for the secretariat; the draft and its deadline for those present."""
    from django.template.loader import render_to_string

    from medvirk.meetings.sections import minutes_section

    request = context.get("request")
    data = minutes_section(meeting, getattr(request, "user", None))
    if data is None:
        return ""
    return render_to_string("meetings/minutes_section.html", data, request=request)
