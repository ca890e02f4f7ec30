"""The agenda section of the meeting page (``{% agenda_section meeting %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from medvirk.meetings import visibility
from medvirk.meetings.domain.agenda import agenda_entries, can_manage
from medvirk.meetings.domain.publishing import is_late

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_section(context: dict[str, Any], meeting: Any) -> str:
    """The agenda as the current user may see it: the draft with edit actions for those
    who run the arena, the published agenda (closed items as placeholders for outsiders)
    for everyone else. A constant number of queries however long the agenda is."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    manager = can_manage(user, meeting)
    html = render_to_string(
        "meetings/agenda_section.html",
        {
            "meeting": meeting,
            "entries": agenda_entries(meeting, user),
            "can_manage": manager,
            "can_see_closed": visibility.can_see_closed(user, meeting.arena),
            "late": manager and not meeting.is_published and is_late(meeting),
        },
        request=request,
    )
    return SafeString(html)
