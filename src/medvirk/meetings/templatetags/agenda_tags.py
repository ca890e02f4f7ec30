"""The agenda section of the meeting page (``{% agenda_section meeting %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from medvirk.meetings import visibility
from medvirk.meetings.caching import AGENDA
from medvirk.meetings.domain.agenda import agenda_entries, can_manage
from medvirk.meetings.domain.publishing import is_late

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_section(context: dict[str, Any], meeting: Any) -> str:
    """The agenda as the current user may see it: the draft with edit actions for those
    who run the arena, the published agenda (closed items as placeholders for outsiders)
    for everyone else. A constant number of queries however long the agenda is.

    Anonymous visitors all see the same public agenda, so theirs is cached under the
    meeting's version in the cache registry (``meetings/caching.py``: the meeting, its
    arena, items and documents). Nobody else's is."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        html = AGENDA.get_or_set(
            "section",
            meeting.pk,
            compute=lambda: _render(request, user, meeting),
            scopes=[meeting.pk],
        )
        return SafeString(html)
    return SafeString(_render(request, user, meeting))


def _render(request: Any, user: Any, meeting: Any) -> str:
    manager = can_manage(user, meeting)
    return render_to_string(
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
